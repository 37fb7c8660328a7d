import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';
import type { IndicatorColumns, PreparedRating } from './prepare.ts';

// The input hash is taken over the prepared input, which is already in a canonical order (organisations by
// code, indicators in framework order), so the order rows arrive in does not change it. The framework is
// canonical JSON (keys sorted); records are written as fixed-order tuples; numeric columns as little-endian
// float64 with every NaN written as one bit pattern. All of it is canonical, and a million values hash in
// tens of milliseconds.

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const CANONICAL_NAN_LOW_WORD = 0;
const CANONICAL_NAN_HIGH_WORD = 0x7ff80000;

/** The canonical bytes of a column, written into `scratch` (reused across columns of one length). */
function numericBytes(column: Float64Array, scratch: Float64Array): Uint8Array {
  scratch.set(column);
  const words = new Uint32Array(scratch.buffer);
  for (let index = 0; index < scratch.length; index++) {
    const value = scratch[index] ?? 0;
    if (value === value) continue;
    words[2 * index + (LITTLE_ENDIAN ? 0 : 1)] = CANONICAL_NAN_LOW_WORD;
    words[2 * index + (LITTLE_ENDIAN ? 1 : 0)] = CANONICAL_NAN_HIGH_WORD;
  }
  if (LITTLE_ENDIAN) return new Uint8Array(scratch.buffer);
  const bytes = new Uint8Array(scratch.length * 8);
  const view = new DataView(bytes.buffer);
  scratch.forEach((value, index) => {
    view.setFloat64(index * 8, value, true);
  });
  return bytes;
}

// A framework is immutable once parsed; its canonical JSON is computed once per object.
const frameworkJson = new WeakMap<object, string>();
// The data part is shared by every variant rated on one prepared input (the what-if).
const dataDigests = new WeakMap<readonly IndicatorColumns[], string>();

function canonicalFramework(framework: PreparedRating['framework']): string {
  let json = frameworkJson.get(framework);
  if (json === undefined) {
    json = canonicalJson(framework);
    frameworkJson.set(framework, json);
  }
  return json;
}

function dataDigest(prepared: PreparedRating): string {
  const cached = dataDigests.get(prepared.columns);
  if (cached !== undefined) return cached;
  const hash = createHash('sha256');
  hash.update(JSON.stringify([prepared.asOf, prepared.organisations.map((org) => [org.code, org.name, org.region, org.peerCodes, org.peerType, org.population])]));
  for (const [id, recorded] of prepared.judgements) {
    hash.update(JSON.stringify([id, recorded.map((row) => (row === undefined ? null : [row.value, row.recordedBy, row.rationale ?? null]))]));
  }
  hash.update(JSON.stringify(prepared.overrides.map((row) => (row === undefined ? null : [row.level, row.rationale, row.approvedBy]))));
  const scratch = new Float64Array(prepared.organisations.length);
  for (const columns of prepared.columns) {
    hash.update(JSON.stringify([columns.indicator.code, columns.category, columns.periodEnd, columns.source]));
    for (const column of [columns.value, columns.numerator, columns.denominator, columns.lower95, columns.upper95]) hash.update(numericBytes(column, scratch));
    hash.update(columns.synthetic);
  }
  const digest = hash.digest('hex');
  dataDigests.set(prepared.columns, digest);
  return digest;
}

/** Hex SHA-256 of everything a run depends on: framework, variant, date, organisations, data, judgements, overrides. */
export function ratingInputHash(prepared: PreparedRating): string {
  return createHash('sha256').update(canonicalFramework(prepared.framework)).update(`\n${prepared.variant.id}\n`).update(dataDigest(prepared)).digest('hex');
}
