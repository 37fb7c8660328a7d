// One serialisation for hashing and storing: object keys sorted, no whitespace, non-finite numbers as null,
// undefined properties left out, typed arrays as arrays. The same value always gives the same bytes. Built on
// the native JSON.stringify, with a replacer that only copies objects whose keys are out of order. JavaScript
// enumerates keys that read as array indices ("2", "10") first and in numeric order, so the sorted copy does
// too: {"2":…,"10":…,"-1":…,"b":…}. That, and non-finite numbers as null, is where this differs from
// the audit trail's canonical JSON (domain/audit/canonical-json.ts, every key by code units, non-finite
// refused). Stored rating input hashes depend on these rules (a category map keyed "1", "2", "10" is valid),
// pinned in test/domain/rating/input-hash.test.ts, so the two stay apart.

function sortedKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>);
  const keys = Object.keys(value);
  let ordered = true;
  for (let index = 1; index < keys.length; index++) {
    if ((keys[index - 1] ?? '') > (keys[index] ?? '')) {
      ordered = false;
      break;
    }
  }
  if (ordered) return value;
  keys.sort();
  const copy: Record<string, unknown> = {};
  for (const key of keys) copy[key] = (value as Record<string, unknown>)[key];
  return copy;
}

export function canonicalJson(value: unknown): string {
  // JSON.stringify returns undefined (despite its type) for undefined and functions.
  const text = JSON.stringify(value, sortedKeys) as string | undefined;
  return text ?? 'null';
}
