import { londonDate } from '../../domain/calendar/london-time.ts';
import { longDate } from '../../domain/special-measures/calendar-months.ts';
import { approvedPlan, pendingPlan } from '../../domain/special-measures/case-record.ts';
import { CASE_STATE_LABELS } from '../../domain/special-measures/case-states.ts';
import { describeIntervention, INTERVENTION_LABELS } from '../../domain/special-measures/interventions.ts';
import { TRIGGER_LABELS } from '../../domain/special-measures/trigger-config.ts';
import type { CaseDetail, StoredPublication } from '../../services/special-measures/cases.ts';
import { ENTRY_BASIS_LABELS, PUBLICATION_KIND_LABELS, stepLabel } from './case-labels.ts';
import { completedMilestones, presentPlan, presentReport, presentSubmission } from './case-plan.ts';
import { caseProgress } from './case-progress.ts';
import { presentCaseSummary, presentDueItem, stateColour } from './case-summary.ts';
import { formatDateTime } from './date-time.ts';

// The case page's model: everything recorded on the case, in the order it happened, in words. The
// assessments of progress reports are NHS England's internal view; the page is for signed-in staff and the
// CCG itself, never the public register.

export function actionHref(caseId: string, kind: string): string {
  return `/cases/${encodeURIComponent(caseId)}/actions/${encodeURIComponent(kind)}`;
}

function presentPublication(publication: StoredPublication) {
  return {
    id: publication.id,
    kind: PUBLICATION_KIND_LABELS[publication.kind],
    text: publication.text,
    published: publication.status === 'published',
    status: publication.status === 'published' ? `Published ${publication.publishedOn === null ? '' : longDate(publication.publishedOn)}` : 'Draft',
    createdBy: publication.createdBy,
    createdAt: formatDateTime(new Date(publication.createdAt)),
  };
}

function timeIn(detail: CaseDetail): string {
  const time = detail.timeInSpecialMeasures;
  if (time === null) return 'Not entered';
  const span = `${String(time.wholeMonths)} months (${String(time.days)} days)`;
  return time.endedOn === null ? `${span} so far` : `${span}, ended ${longDate(time.endedOn)}`;
}

export function presentCasePage(detail: CaseDetail) {
  const { record } = detail;
  const plan = approvedPlan(record) ?? pendingPlan(record) ?? record.plans.at(-1) ?? null;
  const done = completedMilestones(record);
  return {
    id: record.id,
    organisationName: detail.organisationName,
    organisationCode: record.organisationCode,
    stateLabel: CASE_STATE_LABELS[record.state],
    stateColour: stateColour(record.state),
    overview: [
      { key: { text: 'Organisation' }, value: { text: `${detail.organisationName} (${record.organisationCode})` } },
      { key: { text: 'Region' }, value: { text: record.regionCode ?? 'None' } },
      { key: { text: 'Opened' }, value: { text: formatDateTime(new Date(record.openedAt)) } },
      { key: { text: 'Spell' }, value: { text: record.cycle === 1 ? 'First time in special measures' : `Return to special measures (spell ${String(record.cycle)})` } },
      { key: { text: 'Entered special measures' }, value: { text: record.entry === null ? 'Not entered' : `${longDate(record.entry.enteredOn)}: ${ENTRY_BASIS_LABELS[record.entry.basis]}` } },
      { key: { text: 'Deadline' }, value: { text: record.deadline === null ? 'None set' : longDate(record.deadline) } },
      { key: { text: 'Time in special measures' }, value: { text: timeIn(detail) } },
      ...(record.closure === null ? [] : [{ key: { text: 'Closed' }, value: { text: `${longDate(record.closure.on)}: ${record.closure.reason}` } }]),
    ],
    progress: caseProgress(record),
    dueItems: detail.dueItems.map(presentDueItem),
    proposal: {
      reason: record.proposal.reason,
      proposedOn: longDate(record.proposal.proposedOn),
      triggers: record.proposal.triggers.map((trigger) => TRIGGER_LABELS[trigger]),
    },
    review:
      record.externalReview === null
        ? null
        : {
            reviewer: record.externalReview.reviewer,
            commissionedOn: longDate(record.externalReview.commissionedOn),
            reportedOn: record.externalReview.reportedOn === null ? null : longDate(record.externalReview.reportedOn),
            findings: record.externalReview.findings,
          },
    director: record.director === null ? null : { name: record.director.name, programmeManagement: record.director.programmeManagement, appointedOn: longDate(record.director.appointedOn) },
    plan: plan === null ? null : { ...presentPlan(plan.plan, done), number: plan.number, approved: plan.decision?.outcome === 'approved' },
    submissions: record.plans.map(presentSubmission),
    buddies: {
      suggestions: detail.buddies.suggestions.map((suggestion) => ({ ...suggestion })),
      passedOver: detail.buddies.passedOver.map((peer) => ({ ...peer })),
    },
    reports: record.progressReports.map(presentReport),
    extensions: record.extensions.map((extension) => ({
      grantedOn: longDate(extension.grantedOn),
      months: extension.months,
      previousDeadline: longDate(extension.previousDeadline),
      newDeadline: longDate(extension.newDeadline),
    })),
    interventions: record.interventions.map((decided) => ({
      number: decided.number,
      decidedOn: longDate(decided.decidedOn),
      kind: INTERVENTION_LABELS[decided.intervention.kind],
      description: describeIntervention(decided.intervention),
      summary: decided.intervention.summary,
    })),
    history: detail.events.map((event) => ({
      sequence: event.sequence,
      at: formatDateTime(new Date(event.at)),
      date: londonDate(new Date(event.at)),
      step: stepLabel(event.step),
      by: event.actor.label,
      reason: event.reason,
      change: event.from === null || event.from === event.to ? CASE_STATE_LABELS[event.to] : `${CASE_STATE_LABELS[event.from]} → ${CASE_STATE_LABELS[event.to]}`,
    })),
    earlierCases: detail.earlierCases.map(presentCaseSummary),
    publications: detail.publications.map(presentPublication),
    actions: detail.actions.map((action) => ({ kind: action.kind, label: action.label, blockedBy: action.blockedBy, href: actionHref(record.id, action.kind) })),
  };
}
export type CasePageModel = ReturnType<typeof presentCasePage>;
