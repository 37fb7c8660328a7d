import type { Kysely } from 'kysely';
import { londonDate } from '../../domain/calendar/london-time.ts';
import type { Actor } from '../../domain/identity/actor.ts';
import { actionReminders, meetingReminders } from '../../domain/oversight/meeting-reminders.ts';
import { actionTiming } from '../../domain/oversight/meetings.ts';
import { assertCan, can } from '../../domain/policy/can.ts';
import { OVERSIGHT_READERS } from '../../domain/policy/oversight.ts';
import type { OtherReminder } from '../../domain/special-measures/reminders.ts';
import { listActions, listMeetings, readDashboardState, type StoredAction, type StoredMeeting } from '../../db/repositories/checkpoint-meetings.ts';
import type { DB } from '../../db/schema.ts';
import { getRegions } from '../organisation-queries.ts';
import { configuredOversight } from './config.ts';
import { GenerationCache, localChangeCount, STATE_READ_EVERY_MS } from './dashboard-cache.ts';
import { type CcgRisk, rankedRisk, type RiskModelVersion } from './risk.ts';

// The oversight dashboard: for a regional lead their region, for national roles England (or a region), for a CCG
// itself: the CCGs ranked by risk with their intensity and what moved since last month, when each one's next
// checkpoint is due or how long it is overdue, the meetings scheduled, and the agreed actions overdue or due
// soon. The same figures give the reminders that join the special-measures reminder CSV.

export interface DashboardCcg extends CcgRisk {
  readonly overdueActions: number;
  readonly dueSoonActions: number;
  /** The next meeting scheduled on or after the day, if any. */
  readonly nextMeeting: Pick<StoredMeeting, 'id' | 'scheduledOn' | 'kind' | 'format'> | null;
  /** Meetings scheduled before the day and not recorded as held or cancelled. */
  readonly unrecordedMeetings: number;
}

export interface OversightDashboard {
  readonly asOf: string;
  readonly previousAsOf: string;
  readonly model: RiskModelVersion;
  /** national: England or a region for national roles; region: a regional lead's; organisation: a CCG's own. */
  readonly scope: 'national' | 'region' | 'organisation';
  readonly regionCode: string | null;
  /** The region shown: the one filtered to, or a regional lead's own; null for England or a CCG. */
  readonly region: { readonly code: string; readonly name: string } | null;
  readonly regions: readonly { readonly code: string; readonly name: string }[];
  /** Worst risk first. */
  readonly ccgs: readonly DashboardCcg[];
  /** Those whose score or level moved since a month before, the largest rise first. */
  readonly moved: readonly DashboardCcg[];
  /** Those whose checkpoint is overdue by the cadence, longest overdue first. */
  readonly checkpointsOverdue: readonly DashboardCcg[];
  /** Open actions due before the day, oldest first; then those due within the configured days. */
  readonly overdueActions: readonly StoredAction[];
  readonly dueSoonActions: readonly StoredAction[];
  readonly dueSoonDays: number;
  /** What to chase: overdue and soon-due actions, checkpoints due by the cadence or scheduled and not recorded. */
  readonly reminders: readonly OtherReminder[];
  /** Names of the CCGs shown, by code. */
  readonly names: ReadonlyMap<string, string>;
}

export interface DashboardOptions {
  /** The day; today in London when not given. */
  readonly asOf?: string | undefined;
  /** Only this region's CCGs (national roles only; ignored for others). */
  readonly regionCode?: string | undefined;
  readonly now?: Date | undefined;
}

/** The dashboard worked out from the database, every time (see OversightDashboards for the kept one). */
export async function oversightDashboard(db: Kysely<DB>, actor: Actor, options: DashboardOptions = {}): Promise<OversightDashboard> {
  assertCan(actor, 'oversight.list');
  const now = options.now ?? new Date();
  const asOf = options.asOf ?? londonDate(now);
  const national = can(actor, 'oversight.view-national') === 'allow';
  const regionCode = national ? options.regionCode : undefined;
  const [ranked, config, allRegions] = await Promise.all([rankedRisk(db, actor, { asOf, regionCode, now }), configuredOversight(), getRegions(db)]);
  const codes = ranked.organisations.map((entry) => entry.organisation.code);
  const [open, scheduled] = await Promise.all([listActions(db, { organisationCodes: codes, statuses: ['open'] }), listMeetings(db, { organisationCodes: codes, statuses: ['scheduled'] })]);
  const timing = (action: StoredAction) => actionTiming(action, asOf, config.actionsDueSoonDays);
  const entries = new Map<string, DashboardCcg>(
    ranked.organisations.map((entry) => {
      const code = entry.organisation.code;
      const actions = open.filter((action) => action.organisationCode === code);
      const meetings = scheduled.filter((meeting) => meeting.organisationCode === code);
      const upcoming = meetings.filter((meeting) => meeting.scheduledOn >= asOf).toSorted((a, b) => a.scheduledOn.localeCompare(b.scheduledOn))[0];
      return [
        code,
        {
          ...entry,
          overdueActions: actions.filter((action) => timing(action) === 'overdue').length,
          dueSoonActions: actions.filter((action) => timing(action) === 'due-soon').length,
          nextMeeting: upcoming === undefined ? null : { id: upcoming.id, scheduledOn: upcoming.scheduledOn, kind: upcoming.kind, format: upcoming.format },
          unrecordedMeetings: meetings.filter((meeting) => meeting.scheduledOn < asOf).length,
        },
      ];
    }),
  );
  const ccgs = ranked.organisations.flatMap((entry) => entries.get(entry.organisation.code) ?? []);
  const reminders = [
    ...actionReminders(open, asOf, config.actionsDueSoonDays),
    ...meetingReminders(
      ccgs.map((entry) => ({
        organisationCode: entry.organisation.code,
        regionCode: entry.organisation.regionCode,
        checkpoint: entry.checkpoint,
        scheduled: scheduled.filter((meeting) => meeting.organisationCode === entry.organisation.code),
      })),
      asOf,
      config.actionsDueSoonDays,
    ),
  ].toSorted((a, b) => a.dueOn.localeCompare(b.dueOn) || a.organisationCode.localeCompare(b.organisationCode));
  const led = actor.kind === 'user' ? actor.grants.flatMap((grant) => (grant.role === 'regional-lead' ? [grant.regionCode] : [])) : [];
  const shownRegion = national ? regionCode : led.length === 1 ? led[0] : undefined;
  const region = allRegions.find((candidate) => candidate.code === shownRegion);
  return {
    asOf,
    previousAsOf: ranked.previousAsOf,
    model: ranked.model,
    scope: national ? 'national' : led.length > 0 ? 'region' : 'organisation',
    regionCode: ranked.regionCode,
    region: region === undefined ? null : { code: region.code, name: region.name },
    regions: ranked.regions,
    ccgs,
    moved: ranked.moved.flatMap((entry) => entries.get(entry.organisation.code) ?? []),
    checkpointsOverdue: ccgs.filter((entry) => entry.checkpoint.overdue).toSorted((a, b) => a.checkpoint.dueOn.localeCompare(b.checkpoint.dueOn) || a.organisation.code.localeCompare(b.organisation.code)),
    overdueActions: open.filter((action) => timing(action) === 'overdue'),
    dueSoonActions: open.filter((action) => timing(action) === 'due-soon'),
    dueSoonDays: config.actionsDueSoonDays,
    reminders,
    names: new Map(ccgs.map((entry) => [entry.organisation.code, entry.organisation.name])),
  };
}

/** What the actor's dashboard depends on: the grants that decide which CCGs' oversight records they see. */
function scopeKey(actor: Actor): string {
  if (actor.kind !== 'user') return actor.kind;
  const readers: readonly string[] = OVERSIGHT_READERS;
  return actor.grants
    .filter((grant) => readers.includes(grant.role))
    .map((grant) => `${grant.role}:${'regionCode' in grant ? grant.regionCode : ''}:${'organisationCode' in grant ? grant.organisationCode : ''}`)
    .toSorted()
    .join(',');
}

/**
 * Dashboards kept in memory, one per scope (the grants that decide what is seen), region filter and day, while
 * the stored data is unchanged (see dashboard-cache.ts): a page served again costs a look-up, not every CCG's risk.
 */
export class OversightDashboards {
  readonly #db: Kysely<DB>;
  readonly #cache = new GenerationCache<OversightDashboard>();
  #state: { readonly readAt: number; readonly reading: Promise<{ mark: string; publishTimes: number[] }> } | null = null;

  constructor(db: Kysely<DB>) {
    this.#db = db;
  }

  #currentState(instant: number): Promise<{ mark: string; publishTimes: number[] }> {
    if (this.#state === null || instant - this.#state.readAt >= STATE_READ_EVERY_MS || instant < this.#state.readAt) {
      const reading = readDashboardState(this.#db);
      this.#state = { readAt: instant, reading };
      // A failed read is not kept: the next request reads again.
      reading.catch(() => {
        if (this.#state?.reading === reading) this.#state = null;
      });
    }
    return this.#state.reading;
  }

  async get(actor: Actor, options: DashboardOptions = {}): Promise<OversightDashboard> {
    assertCan(actor, 'oversight.list');
    const now = options.now ?? new Date();
    const asOf = options.asOf ?? londonDate(now);
    const national = can(actor, 'oversight.view-national') === 'allow';
    const regionCode = national ? options.regionCode : undefined;
    const state = await this.#currentState(now.getTime());
    // A round published at its time changes the ratings the risk reads, without any write to notice.
    const published = state.publishTimes.filter((time) => time <= now.getTime()).length;
    const generation = `${state.mark}#${String(localChangeCount())}#${String(published)}`;
    const key = `${scopeKey(actor)}|${regionCode ?? ''}|${asOf}`;
    return this.#cache.get(key, generation, () => oversightDashboard(this.#db, actor, { asOf, regionCode, now }));
  }
}

/** The reminders of assurance through the year the actor should see on the day (none for those who see no oversight record). */
export async function oversightReminders(db: Kysely<DB>, actor: Actor, at: Date = new Date()): Promise<readonly OtherReminder[]> {
  if (can(actor, 'oversight.list') !== 'allow') return [];
  return (await oversightDashboard(db, actor, { now: at })).reminders;
}
