import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';
import type { PreparedRating } from './prepare.ts';

// The input hash is taken over the prepared input, which is already in a canonical order (organisations by
// code, indicators in framework order), so the order rows arrive in does not change it. Structured parts are
// canonical JSON; the numeric columns are little-endian float64 with every NaN written as one bit pattern,
// which is canonical too and hashes a million values in milliseconds.

const CANONICAL_NAN_HIGH_WORD = 0x7ff80000;

function numericBytes(columns: readonly Float64Array[]): Uint8Array {
  const length = columns.reduce((total, column) => total + column.length, 0);
  const bytes = new Uint8Array(length * 8);
  const view = new DataView(bytes.buffer);
  let offset = 0;
  for (const column of columns) {
    for (const value of column) {
      if (Number.isNaN(value)) {
        view.setUint32(offset, 0, true);
        view.setUint32(offset + 4, CANONICAL_NAN_HIGH_WORD, true);
      } else {
        view.setFloat64(offset, value, true);
      }
      offset += 8;
    }
  }
  return bytes;
}

// A framework is immutable once parsed; its canonical JSON is computed once per object.
const frameworkJson = new WeakMap<object, string>();

function canonicalFramework(framework: PreparedRating['framework']): string {
  let json = frameworkJson.get(framework);
  if (json === undefined) {
    json = canonicalJson(framework);
    frameworkJson.set(framework, json);
  }
  return json;
}

/** Hex SHA-256 of everything a run depends on: framework, variant, date, organisations, data, judgements, overrides. */
export function ratingInputHash(prepared: PreparedRating): string {
  const hash = createHash('sha256');
  hash.update(canonicalFramework(prepared.framework));
  hash.update(
    canonicalJson({
      variant: prepared.variant.id,
      asOf: prepared.asOf,
      organisations: prepared.organisations,
      judgements: Object.fromEntries(prepared.judgements),
      overrides: prepared.overrides,
    }),
  );
  for (const columns of prepared.columns) {
    hash.update(canonicalJson({ indicator: columns.indicator.code, category: columns.category, periodEnd: columns.periodEnd, source: columns.source }));
    hash.update(numericBytes([columns.value, columns.numerator, columns.denominator, columns.lower95, columns.upper95]));
    hash.update(columns.synthetic);
  }
  return hash.digest('hex');
}
