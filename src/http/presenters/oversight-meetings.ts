import { agendaSinceText } from '../../domain/oversight/agenda.ts';
import { INTENSITY_LABELS, type Intensity, MEETING_FORMAT_LABELS, MEETING_FORMATS, MEETING_KIND_LABELS, MEETING_KINDS, RISK_LABELS, type RiskStatus } from '../../domain/oversight/levels.ts';
import { ACTION_STATUS_LABELS, ACTION_STATUSES, ACTION_TIMING_LABELS, type ActionStatus, type ActionTiming, MEETING_STATUS_LABELS, type MeetingStatus } from '../../domain/oversight/meetings.ts';
import { RISK_STATUSES } from '../../domain/oversight/risk-what-if.ts';
import { CONCERN_KINDS } from '../../domain/special-measures/trigger-config.ts';
import { longDate } from '../../domain/special-measures/calendar-months.ts';
import type { DashboardCcg, OversightDashboard } from '../../services/oversight/dashboard.ts';
import type { ActionDetail, ActionOnDate, MeetingDetail, OrganisationMeetings, StoredMeeting } from '../../services/oversight/meetings.ts';
import { formatDateTime } from './date-time.ts';

// Checkpoint meetings and the dashboard on pages: levels, intensities and statuses as NHS.UK tags whose words carry
// the meaning, every agenda item with its source and date, every action with its owner, due date and where it
// stands, and the forms' rows (attendees, actions, concerns) as fields a browser without JavaScript can post.

export function organisationPath(code: string): string {
  return `/oversight/organisations/${encodeURIComponent(code)}`;
}

export function meetingsPath(code: string): string {
  return `${organisationPath(code)}/meetings`;
}

export function meetingPath(id: string): string {
  return `/oversight/meetings/${encodeURIComponent(id)}`;
}

export function actionPath(id: string): string {
  return `/oversight/actions/${encodeURIComponent(id)}`;
}

const LEVEL_TAGS: Readonly<Record<RiskStatus, string>> = { high: 'nhsuk-tag--red', medium: 'nhsuk-tag--orange', low: 'nhsuk-tag--green', 'not-assessed': 'nhsuk-tag--grey' };
const INTENSITY_TAGS: Readonly<Record<Intensity, string>> = { enhanced: 'nhsuk-tag--purple', standard: 'nhsuk-tag--blue', 'light-touch': 'nhsuk-tag--white' };
const STATUS_TAGS: Readonly<Record<MeetingStatus, string>> = { scheduled: 'nhsuk-tag--blue', held: 'nhsuk-tag--green', cancelled: 'nhsuk-tag--grey' };
const TIMING_TAGS: Readonly<Record<ActionTiming, string>> = { overdue: 'nhsuk-tag--red', 'due-soon': 'nhsuk-tag--orange', later: 'nhsuk-tag--blue', closed: 'nhsuk-tag--grey' };

const COUNT = new Intl.NumberFormat('en-GB');

function signed(change: number): string {
  return change > 0 ? `+${String(change)}` : change < 0 ? `−${String(-change)}` : '0';
}

function meetingWords(meeting: Pick<StoredMeeting, 'kind' | 'format'>): string {
  return `${MEETING_KIND_LABELS[meeting.kind]} (${MEETING_FORMAT_LABELS[meeting.format].toLowerCase()})`;
}

function checkpointText(entry: DashboardCcg): string {
  return `${entry.checkpoint.overdue ? 'Overdue since' : 'Due by'} ${longDate(entry.checkpoint.dueOn)}`;
}

function dashboardRow(entry: DashboardCcg, index: number) {
  const { code, name } = entry.organisation;
  return {
    rank: index + 1,
    code,
    name,
    href: organisationPath(code),
    meetingsHref: meetingsPath(code),
    level: { text: RISK_LABELS[entry.risk.level], classes: LEVEL_TAGS[entry.risk.level] },
    score: String(entry.risk.score),
    intensity: { text: INTENSITY_LABELS[entry.intensity.intensity], classes: INTENSITY_TAGS[entry.intensity.intensity] },
    raised: entry.circumstances.distressedEconomy || entry.circumstances.specialMeasures,
    checkpoint: checkpointText(entry),
    checkpointOverdue: entry.checkpoint.overdue,
    cadence: `${MEETING_KIND_LABELS[entry.checkpoint.kind]}, ${entry.checkpoint.everyMonths === 1 ? 'monthly' : `every ${String(entry.checkpoint.everyMonths)} months`}`,
    nextMeeting: entry.nextMeeting === null ? 'None scheduled' : `${longDate(entry.nextMeeting.scheduledOn)}: ${meetingWords(entry.nextMeeting)}`,
    nextMeetingHref: entry.nextMeeting === null ? null : meetingPath(entry.nextMeeting.id),
    unrecorded: entry.unrecordedMeetings,
    overdueActions: entry.overdueActions,
    dueSoonActions: entry.dueSoonActions,
    change: signed(entry.movement.change),
    was: `${RISK_LABELS[entry.previous.level]}, ${String(entry.previous.score)}`,
    movement: entry.movement.text,
  };
}

function actionRow(action: ActionOnDate | (OversightDashboard['overdueActions'][number] & { timing?: ActionTiming }), names: ReadonlyMap<string, string>) {
  return {
    href: actionPath(action.id),
    description: action.description,
    organisation: `${names.get(action.organisationCode) ?? action.organisationCode} (${action.organisationCode})`,
    organisationHref: meetingsPath(action.organisationCode),
    owner: action.owner,
    due: longDate(action.dueOn),
    agreed: action.agreedOn === null ? '' : longDate(action.agreedOn),
    meetingHref: meetingPath(action.meetingId),
  };
}

/** The dashboard page: the CCGs by risk with their checkpoints, what moved, checkpoints overdue and actions to chase. */
export function presentDashboard(dashboard: OversightDashboard) {
  const rows = dashboard.ccgs.map(dashboardRow);
  const byCode = new Map(rows.map((row) => [row.code, row]));
  const place =
    dashboard.scope === 'organisation'
      ? (dashboard.ccgs[0]?.organisation.name ?? 'your CCG')
      : dashboard.region === null
        ? 'England'
        : `${dashboard.region.name} (${dashboard.region.code})`;
  return {
    scope: dashboard.scope,
    place,
    asOfLong: longDate(dashboard.asOf),
    previousLong: longDate(dashboard.previousAsOf),
    dueSoonDays: COUNT.format(dashboard.dueSoonDays),
    counts: RISK_STATUSES.toReversed().map((level) => ({ level: { text: RISK_LABELS[level], classes: LEVEL_TAGS[level] }, count: COUNT.format(dashboard.ccgs.filter((entry) => entry.risk.level === level).length) })),
    total: COUNT.format(rows.length),
    rows,
    own: dashboard.scope === 'organisation' ? (rows[0] ?? null) : null,
    moved: dashboard.moved.flatMap((entry) => byCode.get(entry.organisation.code) ?? []),
    checkpointsOverdue: dashboard.checkpointsOverdue.flatMap((entry) => byCode.get(entry.organisation.code) ?? []),
    overdueActions: dashboard.overdueActions.map((action) => actionRow(action, dashboard.names)),
    dueSoonActions: dashboard.dueSoonActions.map((action) => actionRow(action, dashboard.names)),
    regionItems:
      dashboard.regions.length === 0
        ? []
        : [{ value: '', text: 'England', selected: dashboard.regionCode === null }, ...dashboard.regions.map((region) => ({ value: region.code, text: region.name, selected: region.code === dashboard.regionCode }))],
  };
}

function presentActionOnDate(action: ActionOnDate) {
  return {
    id: action.id,
    href: actionPath(action.id),
    description: action.description,
    owner: action.owner,
    dueOn: action.dueOn,
    due: longDate(action.dueOn),
    status: { text: ACTION_STATUS_LABELS[action.status], classes: action.status === 'open' ? TIMING_TAGS[action.timing] : 'nhsuk-tag--grey' },
    timing: action.status === 'open' ? ACTION_TIMING_LABELS[action.timing] : ACTION_STATUS_LABELS[action.status],
    statusCode: action.status,
    version: action.version,
    meetingHref: meetingPath(action.meetingId),
    agreed: action.agreedOn === null ? '' : longDate(action.agreedOn),
    updated: `${action.updatedBy}, ${formatDateTime(action.updatedAt)}`,
  };
}

export function actionStatusItems(selected: ActionStatus | '') {
  return ACTION_STATUSES.map((status) => ({ value: status, text: ACTION_STATUS_LABELS[status], selected: status === selected }));
}

function presentMeetingRow(meeting: StoredMeeting) {
  return {
    id: meeting.id,
    href: meetingPath(meeting.id),
    date: longDate(meeting.heldOn ?? meeting.scheduledOn),
    what: meetingWords(meeting),
    status: { text: MEETING_STATUS_LABELS[meeting.status], classes: STATUS_TAGS[meeting.status] },
    note: meeting.status === 'held' ? `Held on ${longDate(meeting.heldOn ?? meeting.scheduledOn)}` : meeting.status === 'cancelled' ? `Cancelled: ${meeting.cancelledReason ?? ''}` : `Scheduled for ${longDate(meeting.scheduledOn)}`,
  };
}

export function kindItems(selected: string) {
  return MEETING_KINDS.map((kind) => ({ value: kind, text: MEETING_KIND_LABELS[kind], checked: kind === selected }));
}

export function formatItems(selected: string) {
  return MEETING_FORMATS.map((format) => ({ value: format, text: MEETING_FORMAT_LABELS[format], checked: format === selected }));
}

/** A CCG's meetings page: its cadence, every meeting, every action, and the schedule form's choices. */
export function presentOrganisationMeetings(record: OrganisationMeetings) {
  const { plan } = record;
  return {
    organisation: record.organisation,
    overviewHref: organisationPath(record.organisation.code),
    intensity: { text: INTENSITY_LABELS[plan.intensity.intensity], classes: INTENSITY_TAGS[plan.intensity.intensity] },
    intensityReasons: plan.intensity.reasons,
    checkpoint: plan.checkpoint.text,
    checkpointOverdue: plan.checkpoint.overdue,
    cadence: plan.cadence,
    suggestedDate: plan.checkpoint.dueOn < record.today ? record.today : plan.checkpoint.dueOn,
    meetings: record.meetings.map(presentMeetingRow),
    actions: record.actions.map(presentActionOnDate),
    openActions: record.actions.filter((action) => action.status === 'open').length,
    mayRecord: record.mayRecord,
  };
}

/** The record form's rows: those given, then blank ones to fill in. */
export interface RecordFormRows {
  readonly attendees: readonly { name: string; organisation: string; role: string }[];
  readonly actions: readonly { description: string; owner: string; dueOn: string }[];
  readonly concerns: readonly { kind: string; serious: string; note: string }[];
}

export function concernKindItems(selected: string) {
  return [{ value: '', text: 'Choose a kind' }, ...CONCERN_KINDS.map((kind) => ({ value: kind, text: `${kind[0]?.toUpperCase() ?? ''}${kind.slice(1)}`, selected: kind === selected }))];
}

/** A meeting's page: what it is, its agenda (each item's source and date), attendees, minutes, actions and concerns. */
export function presentMeeting(detail: MeetingDetail) {
  const { meeting, agenda } = detail;
  return {
    id: meeting.id,
    href: meetingPath(meeting.id),
    organisation: detail.organisation,
    meetingsHref: meetingsPath(detail.organisation.code),
    title: `${meetingWords(meeting)}, ${longDate(meeting.heldOn ?? meeting.scheduledOn)}`,
    status: { text: MEETING_STATUS_LABELS[meeting.status], classes: STATUS_TAGS[meeting.status] },
    statusCode: meeting.status,
    summary: [
      { key: { text: 'Status' }, value: { text: MEETING_STATUS_LABELS[meeting.status] } },
      { key: { text: 'Kind' }, value: { text: meetingWords(meeting) } },
      { key: { text: 'Scheduled for' }, value: { text: longDate(meeting.scheduledOn) } },
      ...(meeting.heldOn === null ? [] : [{ key: { text: 'Held on' }, value: { text: longDate(meeting.heldOn) } }]),
      { key: { text: 'Version' }, value: { text: `${String(meeting.version)}, by ${meeting.updatedBy}, ${formatDateTime(meeting.updatedAt)}` } },
    ],
    cancelledReason: meeting.cancelledReason,
    agendaSince: agendaSinceText(agenda),
    agendaAsOf: longDate(agenda.asOf),
    agenda: agenda.items.map((item) => ({
      title: item.title,
      detail: item.detail,
      source: item.source,
      date: longDate(item.date),
      href: item.reference === null ? null : item.reference.type === 'action' ? actionPath(item.reference.id) : `/cases/${encodeURIComponent(item.reference.id)}`,
    })),
    attendees: meeting.attendees,
    minutes: meeting.minutes,
    actions: detail.actions.map(presentActionOnDate),
    concerns: detail.concerns.map((concern) => ({ date: longDate(concern.flaggedOn), kind: `${concern.kind[0]?.toUpperCase() ?? ''}${concern.kind.slice(1)}`, serious: concern.serious ? 'Serious' : 'Not serious', note: concern.note, recordedBy: concern.recordedBy })),
    version: meeting.version,
    heldOn: meeting.heldOn ?? (meeting.scheduledOn <= detail.today ? meeting.scheduledOn : detail.today),
    mayRecord: detail.mayRecord && meeting.status !== 'cancelled',
    mayCancel: detail.mayRecord && meeting.status === 'scheduled',
    mayUpdateActions: detail.mayUpdateActions,
    mayRaiseConcerns: detail.mayRaiseConcerns,
  };
}

/** An action's page: where it stands, every version with who changed it and why. */
export function presentAction(detail: ActionDetail) {
  return {
    ...presentActionOnDate(detail.action),
    organisation: detail.organisation,
    meetingsHref: meetingsPath(detail.organisation.code),
    meeting: { href: meetingPath(detail.meeting.id), text: `${meetingWords(detail.meeting)}, ${longDate(detail.meeting.heldOn ?? detail.meeting.scheduledOn)}` },
    history: detail.history.map((change) => ({
      version: change.version,
      status: ACTION_STATUS_LABELS[change.status],
      due: longDate(change.dueOn),
      reason: change.reason,
      by: `${change.changedBy}, ${formatDateTime(change.changedAt)}`,
    })),
    mayUpdate: detail.mayUpdate,
  };
}
