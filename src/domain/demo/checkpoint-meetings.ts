import type { MeetingFormat, MeetingKind } from '../oversight/levels.ts';
import type { ActionStatus, Attendee } from '../oversight/meetings.ts';
import type { ConcernKind } from '../special-measures/trigger-config.ts';
import { addDays, addMonths } from '../special-measures/calendar-months.ts';
import { seededRandom } from '../rating/random.ts';

// A year of the demo region's checkpoints, as data: for each CCG its meetings over the twelve months to the day
// (most CCGs quarterly by teleconference, some every two months by video), each held one with its attendees,
// minutes and one or two actions agreed, most done or dropped by the next checkpoint and some left overdue; a few
// CCGs whose last checkpoint slipped (overdue by the cadence, or scheduled and never recorded); and the CCGs whose
// risk rises moving to monthly face-to-face visits for the latest months, with serious concerns raised at them.
// Every person and every word is made up, reproducibly from the seed, and the minutes say they are synthetic.

export interface DemoCcg {
  readonly code: string;
  readonly name: string;
}

export interface DemoActionPlan {
  readonly description: string;
  readonly owner: string;
  readonly dueOn: string;
  /** What became of it, and when; null while it stays open. */
  readonly outcome: { readonly status: Exclude<ActionStatus, 'open'>; readonly on: string; readonly reason: string } | null;
}

export interface DemoMeetingPlan {
  readonly organisationCode: string;
  readonly kind: MeetingKind;
  readonly format: MeetingFormat;
  readonly scheduledOn: string;
  /** Null for a meeting still to come, or one whose day passed without a record. */
  readonly held: {
    readonly heldOn: string;
    readonly attendees: readonly Attendee[];
    readonly minutes: string;
    readonly actions: readonly DemoActionPlan[];
    readonly concerns: readonly { readonly kind: ConcernKind; readonly note: string }[];
  } | null;
}

/** The rising CCGs meet monthly, face to face, for this many of the latest months. */
export const VISIT_MONTHS = 4;

const FIRST_NAMES = ['Alex', 'Bernadette', 'Chidi', 'Dawn', 'Edward', 'Farah', 'Gareth', 'Helen', 'Imran', 'Joanne', 'Kwame', 'Lesley', 'Mohammed', 'Niamh', 'Owen', 'Priya', 'Rachel', 'Sanjay', 'Tom', 'Yvonne'];
const SURNAMES = ['Ashworth', 'Bhatti', 'Clarke', 'Dobson', 'Evans', 'Fielding', 'Greenwood', 'Hussain', 'Iqbal', 'Jackson', 'Kaur', 'Lister', 'Metcalfe', 'Nowak', 'Okafor', 'Pickles', 'Riley', 'Shaw', 'Thornton', 'Walsh'];

const STEADY_ACTIONS: readonly (readonly [string, string])[] = [
  ['Share the month’s integrated performance report with the regional team', 'Director of performance'],
  ['Confirm the QIPP savings delivered to date against the plan', 'Chief finance officer'],
  ['Send the updated primary care commissioning committee terms of reference', 'Head of governance'],
  ['Report progress on the referral-to-treatment recovery trajectory', 'Director of commissioning'],
  ['Circulate the governing body’s conflicts-of-interest register', 'Head of governance'],
  ['Provide the winter resilience plan agreed with the A&E delivery board', 'Chief operating officer'],
];

const RISING_ACTIONS: readonly (readonly [string, string])[] = [
  ['Submit a financial recovery plan that returns the forecast to the control total', 'Chief finance officer'],
  ['Commission an independent review of financial controls following the internal audit', 'Accountable officer'],
  ['Agree a referral-to-treatment recovery trajectory with the main acute provider', 'Director of commissioning'],
  ['Report the governing body’s response to the 360° stakeholder survey', 'Chair'],
  ['Provide weekly A&E four-hour performance and the actions taken', 'Chief operating officer'],
];

const DONE_REASONS = ['Received and reviewed at the next checkpoint.', 'Provided on time; no further action.', 'Confirmed by email to the regional team.'];
const DROPPED_REASON = 'Superseded by the actions agreed at the next checkpoint.';
const SENT_BY_DUE_DATE = 'Sent to the regional team by the due date.';

/** A stable number from a CCG's code, so each CCG's pattern is its own whatever the others. */
function codeSeed(code: string, seed: number): number {
  let hash = seed >>> 0;
  for (const character of code) hash = (Math.imul(hash ^ character.charCodeAt(0), 16_777_619) >>> 0) + 1;
  return hash >>> 0;
}

function person(pick: () => number): string {
  return `${FIRST_NAMES[Math.floor(pick() * FIRST_NAMES.length)] ?? 'Sam'} ${SURNAMES[Math.floor(pick() * SURNAMES.length)] ?? 'Smith'}`;
}

/** The demo year's meetings with each CCG given, in date order per CCG. */
export function demoCheckpointPlan(ccgs: readonly DemoCcg[], today: string, rising: readonly string[], seed: number): DemoMeetingPlan[] {
  const lead = 'Pat Holroyd';
  return ccgs.flatMap((ccg) => {
    const random = seededRandom(codeSeed(ccg.code, seed));
    const pick = () => random.uniform();
    const isRising = rising.includes(ccg.code);
    const officer = person(pick);
    const finance = person(pick);
    const attendees: Attendee[] = [
      { name: lead, organisation: 'NHS England North', role: 'Head of assurance (synthetic demo person)' },
      { name: officer, organisation: ccg.name, role: 'Accountable officer' },
      { name: finance, organisation: ccg.name, role: 'Chief finance officer' },
    ];
    const everyMonths = isRising ? 3 : pick() < 0.3 ? 2 : 3;
    const routineFormat: MeetingFormat = everyMonths === 2 ? 'video' : 'teleconference';
    const firstOn = addDays(addMonths(today, -12), Math.floor(pick() * 21));
    // A few CCGs' checkpoints slipped: the latest was never held, so by the cadence one is overdue.
    const slipped = !isRising && pick() < 0.12;
    const unrecorded = !isRising && !slipped && pick() < 0.08;
    const visitsFrom = addMonths(today, -VISIT_MONTHS);
    const dates: { on: string; visit: boolean }[] = [];
    for (let on = firstOn; on < today; on = addMonths(on, everyMonths)) {
      if (isRising && on >= visitsFrom) break;
      dates.push({ on, visit: false });
    }
    if (isRising) for (let month = VISIT_MONTHS; month >= 1; month -= 1) dates.push({ on: addDays(addMonths(today, -month), 3), visit: true });
    if (slipped) dates.pop();
    const pool = isRising ? RISING_ACTIONS : STEADY_ACTIONS;
    const meetings: DemoMeetingPlan[] = dates.map(({ on, visit }, index) => {
      const isLast = index === dates.length - 1;
      if (unrecorded && isLast) return { organisationCode: ccg.code, kind: 'checkpoint', format: routineFormat, scheduledOn: on, held: null };
      const next = dates[index + 1]?.on ?? null;
      const count = visit ? 2 : 1 + Math.floor(pick() * 2);
      const actions = Array.from({ length: count }, (_, number): DemoActionPlan => {
        const [description, owner] = pool[(index + number + Math.floor(pick() * pool.length)) % pool.length] ?? ['Report progress', 'Accountable officer'];
        const dueOn = addDays(on, visit ? 21 : 28 + Math.floor(pick() * 21));
        const draw = pick();
        // Settled at the next meeting when there was one; since the latest meeting, most of those past due were
        // sent in by their date. A few are left open, and so overdue; more of those agreed at the visits.
        const atNext = next !== null && next <= today;
        const byDueDate = !atNext && dueOn < today && draw >= 0.12;
        const outcome =
          (!atNext && !byDueDate) || draw < (visit ? 0.5 : 0.06)
            ? null
            : byDueDate
              ? { status: 'done' as const, on: dueOn, reason: SENT_BY_DUE_DATE }
              : draw < 0.9
                ? { status: 'done' as const, on: next ?? dueOn, reason: DONE_REASONS[Math.floor(pick() * DONE_REASONS.length)] ?? DONE_REASONS[0] ?? 'Done.' }
                : { status: 'dropped' as const, on: next ?? dueOn, reason: DROPPED_REASON };
        return { description, owner: `${owner}, ${ccg.name}`, dueOn, outcome };
      });
      const concerns = visit
        ? [{ kind: 'financial' as const, note: `Forecast deficit beyond 1% of allocation at the visit of ${on}; the recovery plan is not yet credible. (Synthetic demo concern.)` }]
        : [];
      const topic = visit
        ? 'The forecast outturn has moved further from the control total; internal audit’s limited assurance on financial controls and the falling referral-to-treatment performance were discussed. NHS England asked for a credible recovery plan.'
        : 'The month’s performance, finance and the actions from the last checkpoint were reviewed; no new concerns.';
      return {
        organisationCode: ccg.code,
        kind: visit ? 'visit' : 'checkpoint',
        format: visit ? 'face-to-face' : routineFormat,
        scheduledOn: on,
        held: {
          heldOn: on,
          attendees,
          minutes: `${visit ? 'Assurance visit' : 'Checkpoint meeting'} with ${ccg.name}, ${on}.\n${topic}\n(Synthetic demo minutes.)`,
          actions,
          concerns,
        },
      };
    });
    // The next meeting, in the diary at the cadence (a visit within a month for the rising CCGs).
    const lastHeld = meetings.filter((meeting) => meeting.held !== null).at(-1)?.scheduledOn ?? firstOn;
    const upcoming = isRising ? addDays(today, 10) : addMonths(lastHeld, everyMonths);
    if (!slipped && !unrecorded && upcoming >= today) {
      meetings.push({ organisationCode: ccg.code, kind: isRising ? 'visit' : 'checkpoint', format: isRising ? 'face-to-face' : routineFormat, scheduledOn: upcoming, held: null });
    }
    return meetings;
  });
}
