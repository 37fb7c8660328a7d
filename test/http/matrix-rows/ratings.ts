import type { Row } from '../../support/authorisation-matrix.ts';

/** Matrix rows for the ratings pages and API. */
export const RATING_ROWS: readonly Row[] = [];
