import type { MissingInput, ReportProvenance, ReportStatus } from '../../domain/reports/model.ts';
import { parseYearId, yearIdStarting, yearLabel } from '../../domain/oversight/assurance-year.ts';
import { formatDate } from '../presenters/organisation.ts';

// What every year-end document shows the same way: its status (the draft's banner and watermark, the final's
// publication date and any correction), what it could not include, and where its figures came from.

export const DRAFT_TEXT = 'Draft — not for publication';

export interface SectionLink {
  readonly id: string;
  readonly title: string;
}

export interface StatusView {
  readonly draft: boolean;
  /** The draft's stage, or the final's "Published on …" line. */
  readonly line: string;
  readonly correction: string | null;
  /** What a letter's date line says. */
  readonly dateText: string;
}

/** "8 December 2026". Model dates are YYYY-MM-DD; an import batch may carry a timestamp, of which the day is what a reader needs. */
export function documentDate(date: string | null): string {
  return formatDate(date === null ? null : date.slice(0, 10));
}

export function statusView(status: ReportStatus): StatusView {
  if (status.kind === 'draft') return { draft: true, line: `Stage: ${status.stage}.`, correction: null, dateText: 'Draft' };
  return {
    draft: false,
    line: `Published on ${documentDate(status.publishedOn)}`,
    correction: status.correction === null ? null : `This version corrects the report published on ${documentDate(status.correction.correctsPublishedOn)}: ${status.correction.note}`,
    dateText: documentDate(status.publishedOn),
  };
}

/**
 * The reason a section's figures are absent, from the missing inputs the builder named, so the section says why
 * in the builder's words; the model does not tie a missing input to a section, so its subject is matched.
 */
export function missingReason(missing: readonly MissingInput[], subject: RegExp, fallback: string): string {
  return missing.find((input) => subject.test(input.subject))?.reason ?? fallback;
}

export const FINANCE_SUBJECT = /financ/i;
export const SURVEY_SUBJECT = /survey|stakeholder/i;
export const QUARTERLY_SUBJECT = /quarter/i;

/** "2025/26" for "2026/27", or null when the label is not an assurance year. */
export function previousYearLabel(label: string): string | null {
  const id = parseYearId(label);
  return id === null ? null : yearLabel(yearIdStarting(Number(id.slice(0, 4)) - 1));
}

export interface ProvenanceRow {
  readonly name: string;
  readonly value: string;
  /** Hashes and identifiers: printed in a fixed-width face and allowed to break anywhere. */
  readonly code: boolean;
}

export function provenanceRows(provenance: ReportProvenance): ProvenanceRow[] {
  const batches =
    provenance.importBatches.length === 0
      ? 'None'
      : provenance.importBatches.map((batch) => `${batch.fileName}, imported on ${documentDate(batch.importedOn)} (${batch.id})`).join('; ');
  return [
    { name: 'Round', value: `${provenance.roundTitle} (${provenance.roundId})`, code: false },
    { name: 'Framework version', value: provenance.frameworkVersionId, code: true },
    { name: 'Framework variant', value: provenance.variant, code: false },
    { name: 'Dataset', value: `${provenance.dataset.name} (${provenance.dataset.code})`, code: false },
    { name: 'Import batches', value: batches, code: false },
    { name: 'Rating run', value: provenance.runId, code: true },
    { name: 'Rating engine version', value: provenance.engineVersion, code: true },
    { name: 'Rating input hash (SHA-256)', value: provenance.ratingInputHash, code: true },
    { name: 'Assure version', value: provenance.assureVersion, code: true },
    { name: 'Template version', value: provenance.templateVersion, code: true },
    { name: 'Content hash (SHA-256)', value: provenance.contentHash, code: true },
  ];
}

const ONE_DECIMAL = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const FIGURE = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

/** A figure as the model gives it, to at most two decimals ("62.3", "1,250"), or the dash tables use for none. */
export function figureText(value: number | null): string {
  return value === null ? '—' : FIGURE.format(value);
}

/** "71.2%", or the dash tables use for no figure. */
export function percentText(value: number | null): string {
  return value === null ? '—' : `${ONE_DECIMAL.format(value)}%`;
}
