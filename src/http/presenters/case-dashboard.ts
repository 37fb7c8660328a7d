import type { Actor } from '../../domain/identity/actor.ts';
import type { DailyCheckNotice } from '../../services/jobs/daily-checks.ts';
import { longDate } from '../../domain/special-measures/calendar-months.ts';
import { formatDateTime } from './date-time.ts';
import type { OrganisationScope } from '../../domain/policy/subjects.ts';
import { mayTakeStep } from '../../domain/special-measures/case-roles.ts';
import type { DurationSummary } from '../../domain/special-measures/durations.ts';
import { TRIGGER_LABELS } from '../../domain/special-measures/trigger-config.ts';
import type { TriggerProposal } from '../../domain/special-measures/triggers.ts';

// The cases dashboard's proposals and figures. A proposal only proposes: the regional lead of the
// organisation's region decides whether to open a case, with the triggers' explanation as the starting reason.

export interface OrganisationLookup {
  readonly name: string;
  readonly regionCode: string | null;
}

/** The explanations as one reason, a finding per paragraph, for the lead to edit before opening the case. */
export function reasonFromFindings(proposal: TriggerProposal): string {
  return proposal.findings.map((finding) => finding.explanation).join('\n\n');
}

export function presentProposal(proposal: TriggerProposal, organisation: OrganisationLookup | undefined, actor: Actor) {
  const scope: OrganisationScope = { organisationCode: proposal.organisationCode, regionCode: organisation?.regionCode ?? null };
  return {
    organisationCode: proposal.organisationCode,
    organisation: `${organisation?.name ?? proposal.organisationCode} (${proposal.organisationCode})`,
    findings: proposal.findings.map((finding) => ({ kind: finding.kind, label: TRIGGER_LABELS[finding.kind], explanation: finding.explanation })),
    triggers: proposal.findings.map((finding) => finding.kind),
    reason: reasonFromFindings(proposal),
    canOpen: mayTakeStep(actor, 'open-case', scope),
  };
}

const ONE_DECIMAL = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

/** The figures as rows of a summary list: how long organisations stay, and how many leave within a year. */
export function presentStatistics(summary: DurationSummary) {
  const mean = (value: number | null, unit: string) => (value === null ? 'None yet' : `${ONE_DECIMAL.format(value)} ${unit}`);
  return [
    { key: { text: 'Organisations entered special measures' }, value: { text: String(summary.entered) } },
    { key: { text: 'Still in special measures' }, value: { text: String(summary.stillIn) } },
    { key: { text: 'Exited' }, value: { text: String(summary.exited) } },
    { key: { text: 'Exited within 12 months of entry' }, value: { text: `${String(summary.exitedWithinTwelveMonths)} of ${String(summary.exited)} exited` } },
    { key: { text: 'Closed after intervention' }, value: { text: String(summary.closedAfterIntervention) } },
    { key: { text: 'Mean time to exit' }, value: { text: mean(summary.meanDaysToExit, 'days') } },
    { key: { text: 'Mean time in special measures (to exit, or to date)' }, value: { text: mean(summary.meanMonthsInSpecialMeasures, 'whole months') } },
  ];
}

/** The latest daily check, as the dashboard's notice: when it ran and what it found new among the CCGs the viewer sees. */
export function presentDailyCheck(notice: DailyCheckNotice | undefined, organisations: ReadonlyMap<string, OrganisationLookup>) {
  if (notice === undefined) return undefined;
  const named = (code: string) => `${organisations.get(code)?.name ?? code} (${code})`;
  return {
    checkedAt: formatDateTime(notice.checkedAt),
    newlyProposed: notice.newlyProposed.map(named),
    newlyOverdue: notice.newlyOverdue.map((reminder) => ({ text: `${named(reminder.organisationCode)}: ${reminder.description}, due ${longDate(reminder.dueOn)}`, href: `/cases/${encodeURIComponent(reminder.caseId)}` })),
  };
}
