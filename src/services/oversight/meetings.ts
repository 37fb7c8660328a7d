import type { Kysely } from 'kysely';
import { auditActorOf } from '../../domain/audit/event.ts';
import { londonDate } from '../../domain/calendar/london-time.ts';
import { InputError } from '../../domain/csv/decode.ts';
import type { Actor } from '../../domain/identity/actor.ts';
import { type Agenda, agendaFromJson } from '../../domain/oversight/agenda.ts';
import type { CheckpointDue, IntensityDecision } from '../../domain/oversight/cadence.ts';
import type { Cadence } from '../../domain/oversight/config.ts';
import {
  type ActionSubmission,
  type ActionTiming,
  actionTiming,
  type AttendeeSubmission,
  checkActionUpdate,
  checkCancellation,
  checkRecord,
  checkSchedule,
  type ConcernSubmission,
  meetingStepRefusal,
} from '../../domain/oversight/meetings.ts';
import { assertCan, can } from '../../domain/policy/can.ts';
import { longDate } from '../../domain/special-measures/calendar-months.ts';
import {
  type ActionChange,
  cancelMeetingRow,
  findAction,
  findLastHeldBefore,
  findMeeting,
  insertAction,
  insertActionChange,
  insertMeeting,
  linkConcernToMeeting,
  listActionChanges,
  listActions,
  listMeetingConcerns,
  listMeetings,
  type MeetingConcern,
  type StoredAction,
  type StoredMeeting,
  updateActionRow,
  updateMeetingRecord,
} from '../../db/repositories/checkpoint-meetings.ts';
import { getAllOrganisations } from '../../db/repositories/organisations.ts';
import { insertConcernFlag } from '../../db/repositories/special-measures-evidence.ts';
import type { DB } from '../../db/schema.ts';
import { recordAuditEvent } from '../audit.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { configuredOversight } from './config.ts';
import { noteOversightChange } from './dashboard-cache.ts';
import { agendaFor } from './meeting-agenda.ts';
import { organisationRisk } from './risk.ts';
import { type OversightOrganisation, oversightScope, seesOversightOf, visibleOversightOrganisation } from './visible-organisation.ts';

// Checkpoint meetings and visits with a CCG, and the actions agreed at them. The region's lead schedules a
// meeting (its kind and format default to the cadence of the CCG's intensity; its agenda is generated from what
// changed since the last meeting held), records it as held (attendees, minutes, agreed actions, concerns raised,
// which feed the special-measures triggers) or cancels it with a reason. An action is moved on (done, dropped, a
// new due date) by the lead or the CCG, with a reason kept in its history. Every change names the version it
// started from and is refused if someone changed the record first; every change is audited.

export type { ActionChange, MeetingConcern, StoredAction, StoredMeeting };

export interface RequestContext {
  readonly requestId?: string | undefined;
  readonly at?: Date | undefined;
}

function hiddenMeeting(id: string): NotFoundError {
  return new NotFoundError(`There is no checkpoint meeting ${id} that you can see.`);
}

function hiddenAction(id: string): NotFoundError {
  return new NotFoundError(`There is no agreed action ${id} that you can see.`);
}

function by(actor: Actor): string {
  return auditActorOf(actor).label;
}

/** The organisation of a record, if the actor sees its oversight record; the record's own NotFoundError otherwise. */
async function visibleOwner(db: Kysely<DB>, actor: Actor, code: string, hidden: NotFoundError): Promise<OversightOrganisation> {
  return visibleOversightOrganisation(db, actor, code).catch(() => {
    throw hidden;
  });
}

function staleMessage(what: string, current: { version: number; updatedBy: string; updatedAt: Date }): string {
  return `${current.updatedBy} changed this ${what} (now version ${String(current.version)}) at ${current.updatedAt.toISOString()}, after you opened it: nothing was saved. Open it again to see their change, then make yours.`;
}

/** What the CCG's risk says about its meetings today: the intensity, its cadence and when the next is due. */
export interface CheckpointPlan {
  readonly intensity: IntensityDecision;
  readonly checkpoint: CheckpointDue;
  readonly cadence: Cadence;
}

async function checkpointPlan(db: Kysely<DB>, actor: Actor, code: string, at: Date): Promise<CheckpointPlan> {
  const [risk, config] = await Promise.all([organisationRisk(db, actor, code, londonDate(at), at), configuredOversight()]);
  return { intensity: risk.intensity, checkpoint: risk.checkpoint, cadence: config.cadence[risk.intensity.intensity] };
}

export interface ActionOnDate extends StoredAction {
  readonly timing: ActionTiming;
}

function onDate(actions: readonly StoredAction[], today: string, dueSoonDays: number): ActionOnDate[] {
  return actions.map((action) => ({ ...action, timing: actionTiming(action, today, dueSoonDays) }));
}

export interface OrganisationMeetings {
  readonly organisation: OversightOrganisation;
  readonly today: string;
  /** Latest scheduled first. */
  readonly meetings: readonly StoredMeeting[];
  /** Every action agreed with the CCG, by due date, with where it stands today. */
  readonly actions: readonly ActionOnDate[];
  readonly plan: CheckpointPlan;
  readonly mayRecord: boolean;
}

/** A CCG's meetings and actions, with its cadence; NotFoundError when the actor does not see the CCG. */
export async function organisationMeetings(db: Kysely<DB>, actor: Actor, code: string, context: RequestContext = {}): Promise<OrganisationMeetings> {
  assertCan(actor, 'oversight.list');
  const organisation = await visibleOversightOrganisation(db, actor, code);
  const at = context.at ?? new Date();
  const today = londonDate(at);
  const [meetings, actions, plan, config] = await Promise.all([
    listMeetings(db, { organisationCodes: [organisation.code] }),
    listActions(db, { organisationCodes: [organisation.code] }),
    checkpointPlan(db, actor, organisation.code, at),
    configuredOversight(),
  ]);
  return { organisation, today, meetings, actions: onDate(actions, today, config.actionsDueSoonDays), plan, mayRecord: can(actor, 'oversight.record-meeting', oversightScope(organisation)) === 'allow' };
}

/** The CCGs whose oversight record the actor sees, by code. */
async function visibleCcgs(db: Kysely<DB>, actor: Actor): Promise<Map<string, OversightOrganisation>> {
  const all = await getAllOrganisations(db);
  const seen = new Map<string, OversightOrganisation>();
  for (const found of all.values()) {
    const organisation = { code: found.code, name: found.name, regionCode: found.regionCode };
    if (found.type === 'ccg' && seesOversightOf(actor, organisation)) seen.set(found.code, organisation);
  }
  return seen;
}

export interface MeetingListOptions {
  /** One CCG's; every CCG the actor sees when undefined. */
  readonly organisationCode?: string | undefined;
  readonly regionCode?: string | undefined;
}

/** The meetings of the CCGs the actor sees (one CCG's, or a region's), latest scheduled first. */
export async function listOversightMeetings(db: Kysely<DB>, actor: Actor, options: MeetingListOptions = {}): Promise<StoredMeeting[]> {
  assertCan(actor, 'oversight.list');
  if (options.organisationCode !== undefined) {
    const organisation = await visibleOversightOrganisation(db, actor, options.organisationCode);
    return listMeetings(db, { organisationCodes: [organisation.code] });
  }
  const seen = await visibleCcgs(db, actor);
  const codes = [...seen.values()].filter((organisation) => options.regionCode === undefined || organisation.regionCode === options.regionCode).map((organisation) => organisation.code);
  return listMeetings(db, { organisationCodes: codes });
}

/** The agreed actions of the CCGs the actor sees (one CCG's, or a region's), by due date, with where each stands. */
export async function listOversightActions(db: Kysely<DB>, actor: Actor, options: MeetingListOptions & RequestContext = {}): Promise<ActionOnDate[]> {
  assertCan(actor, 'oversight.list');
  const today = londonDate(options.at ?? new Date());
  const config = await configuredOversight();
  if (options.organisationCode !== undefined) {
    const organisation = await visibleOversightOrganisation(db, actor, options.organisationCode);
    return onDate(await listActions(db, { organisationCodes: [organisation.code] }), today, config.actionsDueSoonDays);
  }
  const seen = await visibleCcgs(db, actor);
  const codes = [...seen.values()].filter((organisation) => options.regionCode === undefined || organisation.regionCode === options.regionCode).map((organisation) => organisation.code);
  return onDate(await listActions(db, { organisationCodes: codes }), today, config.actionsDueSoonDays);
}

export interface MeetingDetail {
  readonly meeting: StoredMeeting;
  readonly organisation: OversightOrganisation;
  readonly agenda: Agenda;
  readonly actions: readonly ActionOnDate[];
  readonly concerns: readonly MeetingConcern[];
  readonly today: string;
  /** Whether the actor may record, amend or cancel it (its region's lead). */
  readonly mayRecord: boolean;
  /** Whether the actor may move its actions on (its region's lead, or the CCG). */
  readonly mayUpdateActions: boolean;
  /** Whether the actor may raise concerns for the special-measures triggers when recording it. */
  readonly mayRaiseConcerns: boolean;
}

/** One meeting with its agenda, actions and concerns; NotFoundError when it does not exist or its CCG is hidden. */
export async function showMeeting(db: Kysely<DB>, actor: Actor, id: string, context: RequestContext = {}): Promise<MeetingDetail> {
  assertCan(actor, 'oversight.list');
  const meeting = await findMeeting(db, id);
  if (meeting === undefined) throw hiddenMeeting(id);
  const organisation = await visibleOwner(db, actor, meeting.organisationCode, hiddenMeeting(id));
  const today = londonDate(context.at ?? new Date());
  const [actions, concerns, config] = await Promise.all([listActions(db, { meetingIds: [meeting.id] }), listMeetingConcerns(db, meeting.id), configuredOversight()]);
  const scope = oversightScope(organisation);
  return {
    meeting,
    organisation,
    agenda: agendaFromJson(meeting.agenda, { asOf: meeting.scheduledOn, since: meeting.agendaSince }),
    actions: onDate(actions, today, config.actionsDueSoonDays),
    concerns,
    today,
    mayRecord: can(actor, 'oversight.record-meeting', scope) === 'allow',
    mayUpdateActions: can(actor, 'oversight.update-action', scope) === 'allow',
    mayRaiseConcerns: can(actor, 'case.record-evidence', scope) === 'allow',
  };
}

export interface ActionDetail {
  readonly action: ActionOnDate;
  readonly meeting: StoredMeeting;
  readonly organisation: OversightOrganisation;
  /** Every version, newest first. */
  readonly history: readonly ActionChange[];
  readonly mayUpdate: boolean;
}

/** One action with its history; NotFoundError when it does not exist or its CCG is hidden. */
export async function showAction(db: Kysely<DB>, actor: Actor, id: string, context: RequestContext = {}): Promise<ActionDetail> {
  assertCan(actor, 'oversight.list');
  const action = await findAction(db, id);
  if (action === undefined) throw hiddenAction(id);
  const organisation = await visibleOwner(db, actor, action.organisationCode, hiddenAction(id));
  const [meeting, history, config] = await Promise.all([findMeeting(db, action.meetingId), listActionChanges(db, action.id), configuredOversight()]);
  if (meeting === undefined) throw hiddenAction(id);
  const [current] = onDate([action], londonDate(context.at ?? new Date()), config.actionsDueSoonDays);
  if (current === undefined) throw hiddenAction(id);
  return { action: current, meeting, organisation, history, mayUpdate: can(actor, 'oversight.update-action', oversightScope(organisation)) === 'allow' };
}

/** The CCG's region's lead only: refused (403) for others who see the CCG, NotFoundError for those who do not. */
export async function assertMayRecordMeetings(db: Kysely<DB>, actor: Actor, organisationCode: string): Promise<OversightOrganisation> {
  assertCan(actor, 'oversight.list');
  const organisation = await visibleOversightOrganisation(db, actor, organisationCode);
  assertCan(actor, 'oversight.record-meeting', oversightScope(organisation));
  return organisation;
}

/** As assertMayRecordMeetings, for the CCG of a meeting. */
export async function assertMayRecordMeeting(db: Kysely<DB>, actor: Actor, meetingId: string): Promise<StoredMeeting> {
  assertCan(actor, 'oversight.list');
  const meeting = await findMeeting(db, meetingId);
  if (meeting === undefined) throw hiddenMeeting(meetingId);
  const organisation = await visibleOwner(db, actor, meeting.organisationCode, hiddenMeeting(meetingId));
  assertCan(actor, 'oversight.record-meeting', oversightScope(organisation));
  return meeting;
}

/** The action's region's lead or its CCG: refused (403) for others who see the CCG, NotFoundError for those who do not. */
export async function assertMayUpdateAction(db: Kysely<DB>, actor: Actor, actionId: string): Promise<StoredAction> {
  assertCan(actor, 'oversight.list');
  const action = await findAction(db, actionId);
  if (action === undefined) throw hiddenAction(actionId);
  const organisation = await visibleOwner(db, actor, action.organisationCode, hiddenAction(actionId));
  assertCan(actor, 'oversight.update-action', oversightScope(organisation));
  return action;
}

export interface ScheduleRequest extends RequestContext {
  readonly organisationCode: string;
  /** Empty or undefined: the cadence's of the CCG's intensity. */
  readonly kind?: string | undefined;
  readonly format?: string | undefined;
  readonly scheduledOn: string;
}

/** Schedules a checkpoint meeting or visit with the CCG (its region's lead), with its agenda, audited. */
export async function scheduleMeeting(db: Kysely<DB>, actor: Actor, request: ScheduleRequest): Promise<StoredMeeting> {
  const organisation = await assertMayRecordMeetings(db, actor, request.organisationCode);
  const at = request.at ?? new Date();
  const today = londonDate(at);
  const [plan, config] = await Promise.all([checkpointPlan(db, actor, organisation.code, at), configuredOversight()]);
  const checked = checkSchedule({ kind: request.kind ?? '', format: request.format ?? '', scheduledOn: request.scheduledOn }, { today, cadence: plan.cadence });
  if (!checked.ok) throw new InputError('meeting', checked.problems);
  const { value } = checked;
  const lastHeld = (await findLastHeldBefore(db, organisation.code, value.scheduledOn)) ?? null;
  const agenda = await agendaFor(db, organisation.code, value.scheduledOn, lastHeld, config);
  const meeting = await db.transaction().execute(async (trx) => {
    const id = await insertMeeting(trx, { organisationCode: organisation.code, ...value, agenda, agendaSince: lastHeld, by: by(actor), at });
    await recordAuditEvent(trx, {
      actor,
      action: 'oversight.meeting.schedule',
      object: { type: 'checkpoint-meeting', id },
      after: { organisationCode: organisation.code, ...value, agendaSince: lastHeld, agendaItems: agenda.items.length, intensity: plan.intensity.intensity },
      requestId: request.requestId,
    });
    const stored = await findMeeting(trx, id);
    if (stored === undefined) throw new Error(`The meeting ${id} just stored is not there`);
    return stored;
  });
  noteOversightChange();
  return meeting;
}

export interface RecordMeetingRequest extends RequestContext {
  /** The version the person started from. */
  readonly expectedVersion: number;
  readonly heldOn: string;
  readonly attendees: readonly AttendeeSubmission[];
  readonly minutes: string;
  /** Actions agreed at the meeting, added to those agreed already. */
  readonly actions?: readonly ActionSubmission[] | undefined;
  /** Concerns raised at the meeting: each becomes a concern flag the special-measures triggers read. */
  readonly concerns?: readonly ConcernSubmission[] | undefined;
}

export interface RecordMeetingOutcome {
  /** recorded: held for the first time; amended: the record of a meeting held was changed. */
  readonly kind: 'recorded' | 'amended';
  readonly meeting: StoredMeeting;
  readonly actionIds: readonly string[];
  readonly concernIds: readonly string[];
}

/**
 * Records a meeting as held, or amends the record of one held (its region's lead): the day, attendees and minutes,
 * the actions agreed (each with its first version in its history), the concerns raised (concern flags naming the
 * meeting, which the special-measures triggers read; recording them needs case.record-evidence too) and the agenda
 * regenerated as of the day it was held, in one transaction with one audit event per record.
 */
export async function recordMeeting(db: Kysely<DB>, actor: Actor, meetingId: string, request: RecordMeetingRequest): Promise<RecordMeetingOutcome> {
  const found = await assertMayRecordMeeting(db, actor, meetingId);
  const scope = { organisationCode: found.organisationCode, regionCode: found.regionCode };
  const concernsGiven = (request.concerns ?? []).some((concern) => concern.kind.trim() !== '' || concern.note.trim() !== '');
  if (concernsGiven) assertCan(actor, 'case.record-evidence', scope);
  // A cancelled meeting is refused before its fields are read: nothing typed would make it recordable.
  const refusal = meetingStepRefusal(found, 'record');
  if (refusal !== null) throw new ConflictError(refusal);
  if (found.version !== request.expectedVersion) throw new ConflictError(staleMessage('meeting', found));
  const at = request.at ?? new Date();
  const checked = checkRecord({ heldOn: request.heldOn, attendees: request.attendees, minutes: request.minutes, actions: request.actions ?? [], concerns: request.concerns ?? [] }, londonDate(at));
  if (!checked.ok) throw new InputError('meeting', checked.problems);
  const { value } = checked;
  const config = await configuredOversight();
  const lastHeld = (await findLastHeldBefore(db, found.organisationCode, value.heldOn, found.id)) ?? null;
  const agenda = await agendaFor(db, found.organisationCode, value.heldOn, lastHeld, config, found.id);
  const who = by(actor);
  const outcome = await db.transaction().execute(async (trx) => {
    const current = await findMeeting(trx, meetingId, { forUpdate: true });
    if (current === undefined) throw hiddenMeeting(meetingId);
    if (current.version !== request.expectedVersion) throw new ConflictError(staleMessage('meeting', current));
    const stillRefused = meetingStepRefusal(current, 'record');
    if (stillRefused !== null) throw new ConflictError(stillRefused);
    const written = await updateMeetingRecord(trx, current.id, current.version, { heldOn: value.heldOn, attendees: value.attendees, minutes: value.minutes, agenda, agendaSince: lastHeld, by: who, at });
    if (!written) throw new ConflictError(staleMessage('meeting', current));
    const actionIds: string[] = [];
    for (const action of value.actions) {
      const actionId = await insertAction(trx, { meetingId: current.id, organisationCode: current.organisationCode, ...action, by: who, at });
      await insertActionChange(trx, actionId, { version: 1, ...action, status: 'open', reason: `Agreed at the meeting held on ${longDate(value.heldOn)}.`, changedBy: who, changedAt: at });
      actionIds.push(actionId);
    }
    const concernIds: string[] = [];
    for (const concern of value.concerns) {
      const flag = { on: value.heldOn, kind: concern.kind, serious: concern.serious, note: concern.note };
      const concernId = await insertConcernFlag(trx, current.organisationCode, flag, { recordedBy: who, recordedAt: at });
      await linkConcernToMeeting(trx, concernId, current.id);
      await recordAuditEvent(trx, {
        actor,
        action: 'trigger-evidence.record',
        object: { type: 'concern-flag', id: concernId },
        after: { organisationCode: current.organisationCode, ...flag, meetingId: current.id },
        requestId: request.requestId,
      });
      concernIds.push(concernId);
    }
    await recordAuditEvent(trx, {
      actor,
      action: current.status === 'held' ? 'oversight.meeting.amend' : 'oversight.meeting.record',
      object: { type: 'checkpoint-meeting', id: current.id },
      before: { status: current.status, heldOn: current.heldOn, attendees: current.attendees, minutes: current.minutes, version: current.version },
      after: { status: 'held', heldOn: value.heldOn, attendees: value.attendees, minutes: value.minutes, version: current.version + 1, actionIds, concernIds, agendaItems: agenda.items.length },
      requestId: request.requestId,
    });
    const saved = await findMeeting(trx, current.id);
    if (saved === undefined) throw hiddenMeeting(meetingId);
    return { kind: current.status === 'held' ? ('amended' as const) : ('recorded' as const), meeting: saved, actionIds, concernIds };
  });
  noteOversightChange();
  return outcome;
}

export interface CancelMeetingRequest extends RequestContext {
  readonly expectedVersion: number;
  readonly reason: string;
}

/** Cancels a scheduled meeting with the reason (its region's lead), audited; a meeting held cannot be cancelled. */
export async function cancelMeeting(db: Kysely<DB>, actor: Actor, meetingId: string, request: CancelMeetingRequest): Promise<StoredMeeting> {
  const found = await assertMayRecordMeeting(db, actor, meetingId);
  const refusal = meetingStepRefusal(found, 'cancel');
  if (refusal !== null) throw new ConflictError(refusal);
  if (found.version !== request.expectedVersion) throw new ConflictError(staleMessage('meeting', found));
  const checked = checkCancellation(request.reason);
  if (!checked.ok) throw new InputError('meeting', checked.problems);
  const at = request.at ?? new Date();
  const meeting = await db.transaction().execute(async (trx) => {
    const current = await findMeeting(trx, meetingId, { forUpdate: true });
    if (current === undefined) throw hiddenMeeting(meetingId);
    if (current.version !== request.expectedVersion) throw new ConflictError(staleMessage('meeting', current));
    const stillRefused = meetingStepRefusal(current, 'cancel');
    if (stillRefused !== null) throw new ConflictError(stillRefused);
    if (!(await cancelMeetingRow(trx, current.id, current.version, { reason: checked.value, by: by(actor), at }))) throw new ConflictError(staleMessage('meeting', current));
    await recordAuditEvent(trx, {
      actor,
      action: 'oversight.meeting.cancel',
      object: { type: 'checkpoint-meeting', id: current.id },
      before: { status: current.status, version: current.version },
      after: { status: 'cancelled', version: current.version + 1 },
      reason: checked.value,
      requestId: request.requestId,
    });
    const saved = await findMeeting(trx, current.id);
    if (saved === undefined) throw hiddenMeeting(meetingId);
    return saved;
  });
  noteOversightChange();
  return meeting;
}

export interface UpdateActionRequest extends RequestContext {
  readonly expectedVersion: number;
  /** Empty or undefined: as it is. */
  readonly status?: string | undefined;
  readonly dueOn?: string | undefined;
  readonly reason: string;
}

/**
 * Moves an agreed action on (its region's lead or its CCG): a new status or due date with the reason, from the
 * version the person started from, the new version kept in its history and audited.
 */
export async function updateAction(db: Kysely<DB>, actor: Actor, actionId: string, request: UpdateActionRequest): Promise<StoredAction> {
  const found = await assertMayUpdateAction(db, actor, actionId);
  // A change made from a stale page is refused before its fields are judged against a version the person has not seen.
  if (found.version !== request.expectedVersion) throw new ConflictError(staleMessage('action', found));
  const checked = checkActionUpdate({ status: request.status ?? '', dueOn: request.dueOn ?? '', reason: request.reason }, found, { agreedOn: found.agreedOn });
  if (!checked.ok) throw new InputError('action', checked.problems);
  const { value } = checked;
  const at = request.at ?? new Date();
  const who = by(actor);
  const action = await db.transaction().execute(async (trx) => {
    const current = await findAction(trx, actionId, { forUpdate: true });
    if (current === undefined) throw hiddenAction(actionId);
    if (current.version !== request.expectedVersion) throw new ConflictError(staleMessage('action', current));
    if (!(await updateActionRow(trx, current.id, current.version, { status: value.status, dueOn: value.dueOn, by: who, at }))) throw new ConflictError(staleMessage('action', current));
    await insertActionChange(trx, current.id, { version: current.version + 1, description: current.description, owner: current.owner, dueOn: value.dueOn, status: value.status, reason: value.reason, changedBy: who, changedAt: at });
    await recordAuditEvent(trx, {
      actor,
      action: 'oversight.action.update',
      object: { type: 'meeting-action', id: current.id },
      before: { status: current.status, dueOn: current.dueOn, version: current.version },
      after: { status: value.status, dueOn: value.dueOn, version: current.version + 1 },
      reason: value.reason,
      requestId: request.requestId,
    });
    const saved = await findAction(trx, current.id);
    if (saved === undefined) throw hiddenAction(actionId);
    return saved;
  });
  noteOversightChange();
  return action;
}
