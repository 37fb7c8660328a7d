/** A thing asked for by its identifier does not exist (an unknown framework version, dataset or rating run). */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

/** A change that contradicts what is stored (a published framework version edited in place). */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
}
