import { type Kysely, sql } from 'kysely';
import type { ActionStatus, Attendee, MeetingStatus } from '../../domain/oversight/meetings.ts';
import type { MeetingFormat, MeetingKind } from '../../domain/oversight/levels.ts';
import type { DB } from '../schema.ts';
import { isUuid } from './rounds.ts';

// Checkpoint meetings and visits with the actions agreed at them, each action with every version it has had
// (who, when, why), and the concern flags raised at a meeting. An edit names the version it started from: the
// update only happens if the row is still at that version.

export interface StoredMeeting {
  readonly id: string;
  readonly organisationCode: string;
  readonly regionCode: string | null;
  readonly kind: MeetingKind;
  readonly format: MeetingFormat;
  readonly status: MeetingStatus;
  readonly scheduledOn: string;
  readonly heldOn: string | null;
  /** As stored; the domain's agendaFromJson reads it. */
  readonly agenda: unknown;
  readonly agendaSince: string | null;
  readonly attendees: readonly Attendee[];
  readonly minutes: string;
  readonly cancelledReason: string | null;
  readonly version: number;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly updatedBy: string;
  readonly updatedAt: Date;
}

export interface StoredAction {
  readonly id: string;
  readonly meetingId: string;
  readonly organisationCode: string;
  readonly regionCode: string | null;
  readonly description: string;
  readonly owner: string;
  readonly dueOn: string;
  readonly status: ActionStatus;
  readonly version: number;
  readonly updatedBy: string;
  readonly updatedAt: Date;
  /** The day the meeting that agreed it was held (null while it is only scheduled, which does not happen for an agreed action). */
  readonly agreedOn: string | null;
}

export interface ActionChange {
  readonly version: number;
  readonly description: string;
  readonly owner: string;
  readonly dueOn: string;
  readonly status: ActionStatus;
  readonly reason: string;
  readonly changedBy: string;
  readonly changedAt: Date;
}

export interface MeetingConcern {
  readonly id: string;
  readonly flaggedOn: string;
  readonly kind: string;
  readonly serious: boolean;
  readonly note: string;
  readonly recordedBy: string;
}

function attendeesOf(value: unknown): Attendee[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) return [];
    const { name, organisation, role } = entry as Record<string, unknown>;
    return typeof name === 'string' && typeof organisation === 'string' && typeof role === 'string' ? [{ name, organisation, role }] : [];
  });
}

function meetingQuery(db: Kysely<DB>) {
  return db
    .selectFrom('checkpoint_meeting as meeting')
    .innerJoin('organisation', 'organisation.code', 'meeting.organisation_code')
    .selectAll('meeting')
    .select('organisation.region_code');
}

type MeetingRow = Awaited<ReturnType<ReturnType<typeof meetingQuery>['executeTakeFirstOrThrow']>>;

function toMeeting(row: MeetingRow): StoredMeeting {
  return {
    id: row.id,
    organisationCode: row.organisation_code,
    regionCode: row.region_code,
    kind: row.kind as MeetingKind,
    format: row.format as MeetingFormat,
    status: row.status as MeetingStatus,
    scheduledOn: row.scheduled_on,
    heldOn: row.held_on,
    agenda: row.agenda,
    agendaSince: row.agenda_since,
    attendees: attendeesOf(row.attendees),
    minutes: row.minutes,
    cancelledReason: row.cancelled_reason,
    version: row.version,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  };
}

export async function findMeeting(db: Kysely<DB>, id: string, options: { forUpdate?: boolean } = {}): Promise<StoredMeeting | undefined> {
  if (!isUuid(id)) return undefined;
  let query = meetingQuery(db).where('meeting.id', '=', id);
  if (options.forUpdate === true) query = query.forUpdate('meeting');
  const row = await query.executeTakeFirst();
  return row === undefined ? undefined : toMeeting(row);
}

/** The meetings of the organisations named (every organisation when none are), latest scheduled first. */
export async function listMeetings(db: Kysely<DB>, options: { organisationCodes?: readonly string[]; statuses?: readonly MeetingStatus[] } = {}): Promise<StoredMeeting[]> {
  const codes = options.organisationCodes;
  if (codes?.length === 0 || options.statuses?.length === 0) return [];
  let query = meetingQuery(db);
  if (codes !== undefined) query = query.where('meeting.organisation_code', 'in', [...codes]);
  if (options.statuses !== undefined) query = query.where('meeting.status', 'in', [...options.statuses]);
  const rows = await query.orderBy('meeting.scheduled_on', 'desc').orderBy('meeting.created_at', 'desc').execute();
  return rows.map(toMeeting);
}

/** The last meeting held with the organisation before the date (held on a day before it), or undefined. */
export async function findLastHeldBefore(db: Kysely<DB>, organisationCode: string, date: string, exceptId?: string): Promise<string | undefined> {
  let query = db
    .selectFrom('checkpoint_meeting')
    .select((eb) => eb.fn.max('held_on').as('held_on'))
    .where('organisation_code', '=', organisationCode)
    .where('status', '=', 'held')
    .where('held_on', '<', date);
  if (exceptId !== undefined) query = query.where('id', '<>', exceptId);
  const row = await query.executeTakeFirst();
  return row?.held_on ?? undefined;
}

export interface MeetingInsert {
  readonly organisationCode: string;
  readonly kind: MeetingKind;
  readonly format: MeetingFormat;
  readonly scheduledOn: string;
  readonly agenda: unknown;
  readonly agendaSince: string | null;
  readonly by: string;
  readonly at: Date;
}

export async function insertMeeting(db: Kysely<DB>, meeting: MeetingInsert): Promise<string> {
  const { id } = await db
    .insertInto('checkpoint_meeting')
    .values({
      organisation_code: meeting.organisationCode,
      kind: meeting.kind,
      format: meeting.format,
      status: 'scheduled',
      scheduled_on: meeting.scheduledOn,
      held_on: null,
      agenda: JSON.stringify(meeting.agenda),
      agenda_since: meeting.agendaSince,
      attendees: '[]',
      minutes: '',
      cancelled_reason: null,
      version: 1,
      created_by: meeting.by,
      created_at: meeting.at,
      updated_by: meeting.by,
      updated_at: meeting.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export interface MeetingRecordWrite {
  readonly heldOn: string;
  readonly attendees: readonly Attendee[];
  readonly minutes: string;
  readonly agenda: unknown;
  readonly agendaSince: string | null;
  readonly by: string;
  readonly at: Date;
}

/** Records the meeting as held (or amends its record), only if it is still at `version`; false when it is not. */
export async function updateMeetingRecord(db: Kysely<DB>, id: string, version: number, write: MeetingRecordWrite): Promise<boolean> {
  const result = await db
    .updateTable('checkpoint_meeting')
    .set({
      status: 'held',
      held_on: write.heldOn,
      attendees: JSON.stringify(write.attendees),
      minutes: write.minutes,
      agenda: JSON.stringify(write.agenda),
      agenda_since: write.agendaSince,
      version: version + 1,
      updated_by: write.by,
      updated_at: write.at,
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
  return result !== undefined;
}

/** Cancels the meeting, only if it is still at `version`; false when it is not. */
export async function cancelMeetingRow(db: Kysely<DB>, id: string, version: number, write: { reason: string; by: string; at: Date }): Promise<boolean> {
  const result = await db
    .updateTable('checkpoint_meeting')
    .set({ status: 'cancelled', cancelled_reason: write.reason, version: version + 1, updated_by: write.by, updated_at: write.at })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
  return result !== undefined;
}

function actionQuery(db: Kysely<DB>) {
  return db
    .selectFrom('meeting_action as action')
    .innerJoin('checkpoint_meeting as meeting', 'meeting.id', 'action.meeting_id')
    .innerJoin('organisation', 'organisation.code', 'action.organisation_code')
    .selectAll('action')
    .select(['organisation.region_code', 'meeting.held_on']);
}

type ActionRow = Awaited<ReturnType<ReturnType<typeof actionQuery>['executeTakeFirstOrThrow']>>;

function toAction(row: ActionRow): StoredAction {
  return {
    id: row.id,
    meetingId: row.meeting_id,
    organisationCode: row.organisation_code,
    regionCode: row.region_code,
    description: row.description,
    owner: row.owner,
    dueOn: row.due_on,
    status: row.status as ActionStatus,
    version: row.version,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
    agreedOn: row.held_on,
  };
}

export async function findAction(db: Kysely<DB>, id: string, options: { forUpdate?: boolean } = {}): Promise<StoredAction | undefined> {
  if (!isUuid(id)) return undefined;
  let query = actionQuery(db).where('action.id', '=', id);
  if (options.forUpdate === true) query = query.forUpdate('action');
  const row = await query.executeTakeFirst();
  return row === undefined ? undefined : toAction(row);
}

/** Actions of the meetings or organisations named (all when neither is), by due date. */
export async function listActions(db: Kysely<DB>, options: { organisationCodes?: readonly string[]; meetingIds?: readonly string[]; statuses?: readonly ActionStatus[] } = {}): Promise<StoredAction[]> {
  const { organisationCodes: codes, meetingIds, statuses } = options;
  const meetings = meetingIds?.filter(isUuid);
  if (codes?.length === 0 || meetings?.length === 0 || statuses?.length === 0) return [];
  let query = actionQuery(db);
  if (codes !== undefined) query = query.where('action.organisation_code', 'in', [...codes]);
  if (meetings !== undefined) query = query.where('action.meeting_id', 'in', meetings);
  if (statuses !== undefined) query = query.where('action.status', 'in', [...statuses]);
  const rows = await query.orderBy('action.due_on').orderBy('action.organisation_code').orderBy('action.id').execute();
  return rows.map(toAction);
}

export interface ActionInsert {
  readonly meetingId: string;
  readonly organisationCode: string;
  readonly description: string;
  readonly owner: string;
  readonly dueOn: string;
  readonly by: string;
  readonly at: Date;
}

export async function insertAction(db: Kysely<DB>, action: ActionInsert): Promise<string> {
  const { id } = await db
    .insertInto('meeting_action')
    .values({
      meeting_id: action.meetingId,
      organisation_code: action.organisationCode,
      description: action.description,
      owner: action.owner,
      due_on: action.dueOn,
      status: 'open',
      version: 1,
      updated_by: action.by,
      updated_at: action.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** The next version of an action, only if it is still at `version`; false when it is not. */
export async function updateActionRow(db: Kysely<DB>, id: string, version: number, write: { status: ActionStatus; dueOn: string; by: string; at: Date }): Promise<boolean> {
  const result = await db
    .updateTable('meeting_action')
    .set({ status: write.status, due_on: write.dueOn, version: version + 1, updated_by: write.by, updated_at: write.at })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
  return result !== undefined;
}

export async function insertActionChange(db: Kysely<DB>, actionId: string, change: ActionChange): Promise<void> {
  await db
    .insertInto('meeting_action_change')
    .values({
      action_id: actionId,
      version: change.version,
      description: change.description,
      owner: change.owner,
      due_on: change.dueOn,
      status: change.status,
      reason: change.reason,
      changed_by: change.changedBy,
      changed_at: change.changedAt,
    })
    .execute();
}

/** Every version of an action, the newest first. */
export async function listActionChanges(db: Kysely<DB>, actionId: string): Promise<ActionChange[]> {
  if (!isUuid(actionId)) return [];
  const rows = await db.selectFrom('meeting_action_change').selectAll().where('action_id', '=', actionId).orderBy('version', 'desc').execute();
  return rows.map((row) => ({
    version: row.version,
    description: row.description,
    owner: row.owner,
    dueOn: row.due_on,
    status: row.status as ActionStatus,
    reason: row.reason,
    changedBy: row.changed_by,
    changedAt: row.changed_at,
  }));
}

/** Marks a concern flag (inserted by the special-measures evidence repository) as raised at the meeting. */
export async function linkConcernToMeeting(db: Kysely<DB>, concernId: string, meetingId: string): Promise<void> {
  await db.updateTable('concern_flag').set({ meeting_id: meetingId }).where('id', '=', concernId).execute();
}

/** The concern flags raised at the meeting, in the order recorded. */
export async function listMeetingConcerns(db: Kysely<DB>, meetingId: string): Promise<MeetingConcern[]> {
  if (!isUuid(meetingId)) return [];
  const rows = await db.selectFrom('concern_flag').select(['id', 'flagged_on', 'kind', 'serious', 'note', 'recorded_by']).where('meeting_id', '=', meetingId).orderBy('recorded_at').orderBy('id').execute();
  return rows.map((row) => ({ id: row.id, flaggedOn: row.flagged_on, kind: row.kind, serious: row.serious, note: row.note, recordedBy: row.recorded_by }));
}

/** Whether any meeting is stored at all (the demo installs its year of checkpoints once). */
export async function anyMeetingStored(db: Kysely<DB>): Promise<boolean> {
  const row = await db.selectFrom('checkpoint_meeting').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * A mark that changes whenever anything the oversight dashboard shows may have changed: every audited change (the
 * audit trail's head), imports, the triggers' evidence, meetings and actions, assessments, designations, cases,
 * the risk model and the organisations; with every publication time, for the ratings a round publishes at its time.
 */
export async function readDashboardState(db: Kysely<DB>): Promise<{ mark: string; publishTimes: number[] }> {
  const [marks, rounds] = await Promise.all([
    sql<{ mark: string }>`
      SELECT concat_ws('|',
        (SELECT max(sequence) FROM audit_event),
        (SELECT extract(epoch FROM max(imported_at)) FROM import_batch),
        (SELECT extract(epoch FROM max(imported_at)) FROM oversight_import_batch),
        (SELECT count(*) || ':' || coalesce(extract(epoch FROM max(recorded_at)), 0) FROM concern_flag),
        (SELECT count(*) || ':' || coalesce(extract(epoch FROM max(recorded_at)), 0) FROM financial_position),
        (SELECT count(*) || ':' || coalesce(extract(epoch FROM max(recorded_at)), 0) FROM audit_finding),
        (SELECT count(*) || ':' || coalesce(extract(epoch FROM max(updated_at)), 0) FROM checkpoint_meeting),
        (SELECT count(*) || ':' || coalesce(extract(epoch FROM max(updated_at)), 0) FROM meeting_action),
        (SELECT count(*) || ':' || coalesce(extract(epoch FROM max(updated_at)), 0) FROM quarterly_assessment),
        (SELECT count(*) || ':' || coalesce(sum(version), 0) FROM distressed_economy_designation),
        (SELECT count(*) || ':' || coalesce(extract(epoch FROM max(updated_at)), 0) FROM special_measures_case),
        (SELECT max(version) FROM risk_model),
        (SELECT count(*) || ':' || coalesce(extract(epoch FROM max(updated_at)), 0) FROM organisation)) AS mark
    `.execute(db),
    db.selectFrom('rating_round').select('publish_at').where('publish_at', 'is not', null).execute(),
  ]);
  return { mark: marks.rows[0]?.mark ?? '', publishTimes: rounds.flatMap((round) => (round.publish_at === null ? [] : [round.publish_at.getTime()])) };
}
