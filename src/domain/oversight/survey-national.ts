import { STAKEHOLDER_GROUPS, type StakeholderGroup, type SurveyAnalysis, type SurveyCell, type SurveyProportion } from './survey.ts';

// The survey's national picture: for each question, England's result over all stakeholders and by group, and
// how many CCGs' results (over all their stakeholders) are better than, similar to or worse than England's.

export interface SurveyQuestionPicture {
  readonly questionCode: string;
  readonly england: SurveyProportion;
  /** England by stakeholder group, for the groups asked the question. */
  readonly groups: readonly { readonly group: StakeholderGroup; readonly england: SurveyProportion }[];
  readonly ccgs: { readonly better: number; readonly similar: number; readonly worse: number; readonly suppressed: number };
}

/** Every CCG's result for one question over all its stakeholders, in code order. */
export function questionCells(analysis: SurveyAnalysis, questionCode: string): SurveyCell[] {
  return analysis.organisationCodes.flatMap((code) => analysis.cell(code, questionCode, 'all') ?? []);
}

export function nationalPicture(analysis: SurveyAnalysis): SurveyQuestionPicture[] {
  return analysis.questionCodes.flatMap((questionCode) => {
    const england = analysis.england(questionCode, 'all');
    if (england === undefined) return [];
    const ccgs = { better: 0, similar: 0, worse: 0, suppressed: 0 };
    for (const cell of questionCells(analysis, questionCode)) {
      if (cell.suppressed) ccgs.suppressed += 1;
      else if (cell.england.outcome !== 'not-compared') ccgs[cell.england.outcome] += 1;
    }
    const groups = STAKEHOLDER_GROUPS.flatMap((group) => {
      const result = analysis.england(questionCode, group);
      return result === undefined ? [] : [{ group, england: result }];
    });
    return [{ questionCode, england, groups, ccgs }];
  });
}
