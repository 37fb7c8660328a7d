// One text per value, so a hash computed when an event is written can be recomputed from the row later.
// Not the rating input hash's canonical JSON (domain/rating/canonical-json.ts), on purpose: that one writes keys
// that read as array indices ("2", "10") first and in numeric order, and non-finite numbers as null; this one
// sorts every key by code units and refuses non-finite numbers. Stored hashes of each depend on its own rules
// (pinned in test/domain/audit-chain.test.ts), so neither can take the other's.

/** A value that survives a round trip through a jsonb column unchanged. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * Serialises a JSON value canonically (the scheme of RFC 8785): object keys sorted by UTF-16 code
 * units, no whitespace, strings escaped and numbers written as JavaScript writes them (the shortest
 * text that reads back as the same double). jsonb reorders keys and rewrites numbers (1.0 → 1), and
 * this text does not change when it does. Non-finite numbers have no JSON form and are refused.
 */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`${String(value)} cannot be recorded: JSON has no form for it`);
    return JSON.stringify(value);
  }
  if (isJsonArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  // A key holding undefined (possible only past the type system) is left out, as JSON.stringify does when storing.
  const entries = Object.keys(value)
    .sort()
    .flatMap((key) => {
      const member = value[key];
      return member === undefined ? [] : [`${JSON.stringify(key)}:${canonicalJson(member)}`];
    });
  return `{${entries.join(',')}}`;
}

function isJsonArray(value: readonly JsonValue[] | { readonly [key: string]: JsonValue }): value is readonly JsonValue[] {
  return Array.isArray(value);
}
