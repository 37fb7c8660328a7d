import type { Kysely } from 'kysely';
import { type AuditEventInput, auditActorOf } from '../../domain/audit/event.ts';
import { londonDate } from '../../domain/calendar/london-time.ts';
import { demoCheckpointPlan } from '../../domain/demo/checkpoint-meetings.ts';
import { RISING_DEMO_CCGS } from '../../domain/demo/oversight-story.ts';
import type { AgendaAction } from '../../domain/oversight/agenda.ts';
import { longDate } from '../../domain/special-measures/calendar-months.ts';
import {
  anyMeetingStored,
  insertAction,
  insertActionChange,
  insertMeeting,
  linkConcernToMeeting,
  updateActionRow,
  updateMeetingRecord,
} from '../../db/repositories/checkpoint-meetings.ts';
import { getAllOrganisations } from '../../db/repositories/organisations.ts';
import { insertConcernFlag } from '../../db/repositories/special-measures-evidence.ts';
import type { DB } from '../../db/schema.ts';
import { recordAuditEvents } from '../audit.ts';
import { actorForAccount } from '../identity/account-actor.ts';
import { configuredOversight } from './config.ts';
import { noteOversightChange } from './dashboard-cache.ts';
import { agendaFromSources, loadAgendaSources } from './meeting-agenda.ts';

// A newcomer's first start shows the demo region's (Y54) year of checkpoints as its regional lead kept them (the
// plan is domain/demo/checkpoint-meetings.ts): each meeting with the agenda generated from what changed before it,
// held ones with attendees, minutes and actions, some overdue; the CCGs whose risk rises on monthly face-to-face
// visits, the serious concerns raised at them stored as concern flags the special-measures triggers read. Every
// record and its audit event is written in one transaction, the audit events in one batch, so the first start
// stays quick.

const REGION = 'Y54';
const SEED = 20_160_401;

/** The day's instant the demo dates its writes at: mid-morning, never after `now`. */
function instantOn(date: string, hour: number, now: Date): Date {
  const at = new Date(`${date}T${String(hour).padStart(2, '0')}:00:00Z`);
  return at > now ? now : at;
}

/** Installs the demo year of checkpoints once, on a database with the demo accounts and no meeting stored. */
export async function installDemoMeetings(db: Kysely<DB>, now: Date): Promise<void> {
  if (await anyMeetingStored(db)) return;
  const lead = await actorForAccount(db, 'regional-lead@demo.assure.example');
  const by = auditActorOf(lead).label;
  const today = londonDate(now);
  const ccgs = [...(await getAllOrganisations(db)).values()]
    .filter((organisation) => organisation.type === 'ccg' && organisation.regionCode === REGION && (organisation.closedOn === null || organisation.closedOn > today))
    .map((organisation) => ({ code: organisation.code, name: organisation.name }))
    .sort((a, b) => a.code.localeCompare(b.code));
  const plan = demoCheckpointPlan(ccgs, today, RISING_DEMO_CCGS, SEED);
  const config = await configuredOversight();
  const sources = await loadAgendaSources(db, ccgs.map((ccg) => ccg.code), today, config);

  await db.transaction().execute(async (trx) => {
    const audit: AuditEventInput[] = [];
    const lastHeld = new Map<string, string>();
    const agreed = new Map<string, (AgendaAction & { outcomeOn: string | null })[]>();
    for (const meeting of plan) {
      const code = meeting.organisationCode;
      const asOf = meeting.held?.heldOn ?? meeting.scheduledOn;
      const since = lastHeld.get(code) ?? null;
      const earlier = agreed.get(code) ?? [];
      const open = earlier.filter((action) => action.outcomeOn === null || action.outcomeOn > asOf).map((action) => ({ ...action, status: 'open' }));
      const agenda = agendaFromSources(sources, code, asOf, since, open);
      const createdAt = instantOn(meeting.scheduledOn < today ? meeting.scheduledOn : today, 8, now);
      const id = await insertMeeting(trx, { organisationCode: code, kind: meeting.kind, format: meeting.format, scheduledOn: meeting.scheduledOn, agenda, agendaSince: since, by, at: createdAt });
      audit.push({ actor: lead, action: 'oversight.meeting.schedule', object: { type: 'checkpoint-meeting', id }, after: { organisationCode: code, kind: meeting.kind, format: meeting.format, scheduledOn: meeting.scheduledOn, demo: true } });
      const { held } = meeting;
      if (held === null) continue;
      const heldAt = instantOn(held.heldOn, 16, now);
      await updateMeetingRecord(trx, id, 1, { heldOn: held.heldOn, attendees: held.attendees, minutes: held.minutes, agenda, agendaSince: since, by, at: heldAt });
      const actionIds: string[] = [];
      for (const action of held.actions) {
        const actionId = await insertAction(trx, { meetingId: id, organisationCode: code, description: action.description, owner: action.owner, dueOn: action.dueOn, by, at: heldAt });
        await insertActionChange(trx, actionId, { version: 1, description: action.description, owner: action.owner, dueOn: action.dueOn, status: 'open', reason: `Agreed at the meeting held on ${longDate(held.heldOn)}.`, changedBy: by, changedAt: heldAt });
        actionIds.push(actionId);
        const { outcome } = action;
        if (outcome !== null) {
          const settledAt = instantOn(outcome.on, 17, now);
          await updateActionRow(trx, actionId, 1, { status: outcome.status, dueOn: action.dueOn, by, at: settledAt });
          await insertActionChange(trx, actionId, { version: 2, description: action.description, owner: action.owner, dueOn: action.dueOn, status: outcome.status, reason: outcome.reason, changedBy: by, changedAt: settledAt });
          audit.push({ actor: lead, action: 'oversight.action.update', object: { type: 'meeting-action', id: actionId }, before: { status: 'open', version: 1 }, after: { status: outcome.status, version: 2 }, reason: outcome.reason });
        }
        const agreedHere = { id: actionId, description: action.description, owner: action.owner, dueOn: action.dueOn, agreedOn: held.heldOn, outcomeOn: outcome?.on ?? null };
        const earlierHere = agreed.get(code);
        if (earlierHere === undefined) agreed.set(code, [agreedHere]);
        else earlierHere.push(agreedHere);
      }
      const concernIds: string[] = [];
      for (const concern of held.concerns) {
        const flag = { on: held.heldOn, kind: concern.kind, serious: true, note: concern.note };
        const concernId = await insertConcernFlag(trx, code, flag, { recordedBy: by, recordedAt: heldAt });
        await linkConcernToMeeting(trx, concernId, id);
        audit.push({ actor: lead, action: 'trigger-evidence.record', object: { type: 'concern-flag', id: concernId }, after: { organisationCode: code, ...flag, meetingId: id } });
        concernIds.push(concernId);
      }
      audit.push({
        actor: lead,
        action: 'oversight.meeting.record',
        object: { type: 'checkpoint-meeting', id },
        before: { status: 'scheduled', version: 1 },
        after: { status: 'held', heldOn: held.heldOn, attendees: held.attendees, version: 2, actionIds, concernIds, agendaItems: agenda.items.length, demo: true },
      });
      lastHeld.set(code, held.heldOn);
    }
    await recordAuditEvents(trx, audit);
  });
  noteOversightChange();
}
