import { londonDate } from '../../domain/calendar/london-time.ts';
import { longDate } from '../../domain/special-measures/calendar-months.ts';
import type { CaseState } from '../../domain/special-measures/case-states.ts';
import type { DueItem } from '../../domain/special-measures/deadlines.ts';
import type { CaseSummary } from '../../services/special-measures/cases.ts';

// A case as a row of the dashboard and of the earlier-cases table: where it stands, its deadline and what is
// overdue or due soon, in words (a tag's colour is never the only sign).

/** NHS.UK tag colours: grey before entry, blue while in special measures, red once escalated, green after exit. */
const STATE_COLOURS: Readonly<Record<CaseState, string>> = {
  proposed: 'grey',
  'in-special-measures': 'blue',
  'external-review': 'blue',
  'director-appointed': 'blue',
  'plan-approved': 'blue',
  implementing: 'blue',
  'deadline-review': 'purple',
  escalated: 'red',
  declined: 'white',
  exited: 'green',
  intervened: 'orange',
};

export function stateColour(state: CaseState): string {
  return STATE_COLOURS[state];
}

/** "31 March 2017", or the text given when there is no date. */
export function dateOrNone(date: string | null, none: string): string {
  return date === null ? none : longDate(date);
}

export function presentDueItem(item: DueItem) {
  return {
    description: item.description,
    dueOn: longDate(item.dueOn),
    by: item.by === 'ccg' ? 'The CCG' : 'NHS England',
    overdue: item.status === 'overdue',
  };
}

export function presentCaseSummary(summary: CaseSummary) {
  return {
    id: summary.id,
    href: `/cases/${encodeURIComponent(summary.id)}`,
    organisation: `${summary.organisationName} (${summary.organisationCode})`,
    organisationCode: summary.organisationCode,
    regionCode: summary.regionCode ?? 'None',
    stateLabel: summary.stateLabel,
    stateColour: stateColour(summary.state),
    cycle: summary.cycle,
    openedOn: longDate(londonDate(new Date(summary.openedAt))),
    enteredOn: dateOrNone(summary.enteredOn, 'Not entered'),
    deadline: dateOrNone(summary.deadline, 'None set'),
    overdue: summary.overdue.map(presentDueItem),
    dueSoon: summary.dueSoon.map(presentDueItem),
    closed: summary.closedOutcome !== null,
  };
}
export type CaseSummaryView = ReturnType<typeof presentCaseSummary>;
