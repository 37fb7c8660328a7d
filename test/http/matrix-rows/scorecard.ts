import type { Row } from '../../support/authorisation-matrix.ts';

/** Matrix rows for the scorecard pages and API. */
export const SCORECARD_ROWS: readonly Row[] = [];
