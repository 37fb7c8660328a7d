import type { Row } from '../../support/authorisation-matrix.ts';

/** Matrix rows for the rounds pages and API. */
export const ROUNDS_ROWS: readonly Row[] = [];
