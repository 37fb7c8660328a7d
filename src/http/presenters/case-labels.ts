import type { CaseStep } from '../../domain/special-measures/case-roles.ts';
import type { EntryBasis, ReportAssessmentRating } from '../../domain/special-measures/case-record.ts';
import { TRANSITIONS } from '../../domain/special-measures/case-transitions.ts';
import type { SUPPORT_KINDS } from '../../domain/special-measures/improvement-plan.ts';
import type { Publication } from '../../domain/special-measures/register.ts';

// The words the case pages use for the domain's codes, in one place so every page says the same.

export const ENTRY_BASIS_LABELS: Readonly<Record<EntryBasis, string>> = {
  'agreed-with-ccg': 'Agreed with the CCG',
  'determined-by-nhs-england': 'Determined by NHS England without the CCG’s agreement',
};

export const REPORT_ASSESSMENT_LABELS: Readonly<Record<ReportAssessmentRating, string>> = {
  'on-track': 'On track',
  'partly-on-track': 'Partly on track',
  'off-track': 'Off track',
};

export const SUPPORT_LABELS: Readonly<Record<(typeof SUPPORT_KINDS)[number], string>> = {
  'buddy-ccg': 'Buddy CCG',
  'expert-input': 'Expert input',
  'programme-management': 'Programme management',
  other: 'Other support',
};

export const PUBLICATION_KIND_LABELS: Readonly<Record<Publication['kind'], string>> = {
  reasons: 'The reasons for special measures',
  'plan-summary': 'A summary of the improvement plan',
  'progress-update': 'A progress update',
};

/** "Approve entry to special measures", or "Opened the case" for the opening step. */
export function stepLabel(step: CaseStep): string {
  return step === 'open-case' ? 'Opened the case' : TRANSITIONS[step].label;
}
