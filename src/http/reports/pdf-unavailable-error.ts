/**
 * Why a PDF could not be made, in words an operator can act on: Chromium is missing, crashed, or a document took
 * longer than the time limit. Routes answer it with 503; everything else that goes wrong is a bug and stays a 500.
 */
export class PdfUnavailableError extends Error {
  override readonly name = 'PdfUnavailableError';
}
