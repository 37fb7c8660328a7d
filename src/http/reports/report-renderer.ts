import type { ComposedDocument, ReportRenderer } from '../../services/reports/build-reports.ts';
import type { YearEndInputs } from '../../services/reports/year-end-inputs.ts';
import { composeNationalReport, composeRegionSummaries } from './compose-area.ts';
import { ccgContextOf, composeCcgAssessment } from './compose-ccg.ts';
import { REPORT_TEMPLATE_VERSION, renderReportHtml, reportWorkbook } from './render-document.ts';

// The web layer's wording and layout of the year-end documents, handed to the build service by the CLI and
// the job that builds them: national report, regions' summaries, then each CCG's letter and public report.

function composeAll(inputs: YearEndInputs): ComposedDocument[] {
  const context = ccgContextOf(inputs, REPORT_TEMPLATE_VERSION);
  const ccgs = inputs.run.organisations.map((rating) => rating.org);
  const ccgDocuments = (kind: 'ccg-assessment-letter' | 'ccg-assurance-report') =>
    ccgs.flatMap((code) => {
      const model = composeCcgAssessment(context, code, kind);
      return model === undefined ? [] : [{ subject: code, model }];
    });
  return [
    { subject: 'england', model: composeNationalReport(inputs, REPORT_TEMPLATE_VERSION) },
    ...composeRegionSummaries(inputs, REPORT_TEMPLATE_VERSION).map((model) => ({ subject: model.area.code, model })),
    ...ccgDocuments('ccg-assessment-letter'),
    ...ccgDocuments('ccg-assurance-report'),
  ];
}

export function createReportRenderer(): ReportRenderer {
  return { templateVersion: REPORT_TEMPLATE_VERSION, compose: composeAll, html: renderReportHtml, workbook: reportWorkbook };
}
