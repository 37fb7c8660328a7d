import type { ReportModel } from '../../domain/reports/model.ts';
import { REPORT_KIND_LABELS } from '../../domain/reports/model.ts';
import { areaReportView } from './document-area.ts';
import { ccgLetterView, ccgReportView } from './document-ccg.ts';
import { DRAFT_TEXT, provenanceRows, statusView } from './document-common.ts';
import { renderDocumentTemplate } from './document-templates.ts';

export { reportWorkbook } from './document-workbook.ts';

// A year-end document's HTML: one self-contained HTML5 page (its stylesheet inline, its charts inline SVG,
// nothing fetched), printed to PDF by Chromium and shown as it is. The same model gives the same bytes: no
// clock, no random ids.

/** The documents' layout version, stored in each document's provenance: bump it when what a document shows changes. */
export const REPORT_TEMPLATE_VERSION = 'reports/1';

export function renderReportHtml(model: ReportModel): string {
  const common = {
    title: model.title,
    kindLabel: REPORT_KIND_LABELS[model.kind],
    yearLabel: model.yearLabel,
    status: statusView(model.status),
    draftText: DRAFT_TEXT,
    missing: model.missing,
    provenance: provenanceRows(model.provenance),
  };
  switch (model.kind) {
    case 'ccg-assurance-report':
      return renderDocumentTemplate('ccg-report.njk', { ...common, view: ccgReportView(model) });
    case 'ccg-assessment-letter':
      return renderDocumentTemplate('ccg-letter.njk', { ...common, view: ccgLetterView(model) });
    case 'national-annual-report':
    case 'region-summary':
      return renderDocumentTemplate('area-report.njk', { ...common, view: areaReportView(model) });
  }
}
