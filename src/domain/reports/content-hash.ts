import { createHash } from 'node:crypto';
import { canonicalJson } from '../rating/canonical-json.ts';
import type { ReportModel } from './model.ts';

// A document's content hash is taken over its model with the hash itself left empty, so the same content
// always gives the same hash however its keys were built, and the hash can be checked from the stored model.

export function contentHashOf(model: ReportModel): string {
  const unhashed = { ...model, provenance: { ...model.provenance, contentHash: '' } };
  return createHash('sha256').update(canonicalJson(unhashed)).digest('hex');
}

/** The model with its provenance's content hash filled in. */
export function withContentHash<M extends ReportModel>(model: M): M {
  return { ...model, provenance: { ...model.provenance, contentHash: contentHashOf(model) } };
}
