import type { Row } from '../../support/authorisation-matrix.ts';

/** Matrix rows for the frameworks pages and API. */
export const FRAMEWORK_ROWS: readonly Row[] = [];
