import type { Row } from '../../support/authorisation-matrix.ts';

/** Matrix rows for the data-imports pages and API. */
export const DATA_IMPORTS_ROWS: readonly Row[] = [];
