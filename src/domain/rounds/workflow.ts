import { addWorkingDays } from '../calendar/working-days.ts';
import { endOfLondonDay, londonDate } from '../calendar/london-time.ts';

// A rating round's path from draft ratings to publication, as a pure state machine. Each step is a command
// with the stages it may start from, the one it leads to, and the facts that must hold; the service records
// who did it and when. Publication is not a step anyone takes at the embargo time: a scheduled round is
// published from the instant its publication time passes, so nothing can leak early or be late.

/** The stages a round is stored in; "published" is a scheduled round whose time has come (see stageAt). */
export const STORED_STAGES = ['draft', 'regional-review', 'moderation', 'factual-accuracy', 'sign-off', 'approved', 'scheduled'] as const;
export type StoredStage = (typeof STORED_STAGES)[number];
export type RoundStage = StoredStage | 'published';

export const STAGE_LABELS: Readonly<Record<RoundStage, string>> = {
  draft: 'Draft ratings computed',
  'regional-review': 'Regional review',
  moderation: 'National moderation',
  'factual-accuracy': 'Factual-accuracy check',
  'sign-off': 'Awaiting committee sign-off',
  approved: 'Signed off, not yet scheduled',
  scheduled: 'Scheduled for publication (embargoed)',
  published: 'Published',
};

/** What the workflow needs to know of a round. */
export interface RoundTimetable {
  readonly stage: StoredStage;
  /** When the current stage's work is due (regional review, factual-accuracy window), if it has a deadline. */
  readonly stageDueAt: Date | null;
  readonly publishAt: Date | null;
}

/** Counts the service reads before a step: what is still open in the round. */
export interface RoundFacts {
  /** Regional proposals not yet accepted or rejected. */
  readonly undecidedProposals: number;
  /** Factual-accuracy comments without a response. */
  readonly unansweredComments: number;
  /** Organisations in the round that have not confirmed their draft or commented on it. */
  readonly organisationsYetToRespond: number;
}

export interface RoundSettings {
  readonly regionalReviewWorkingDays: number;
  readonly factualAccuracyWorkingDays: number;
}

/** CQC gives providers 10 working days to check a draft report; Assure uses the same unless a round says otherwise. */
export const DEFAULT_ROUND_SETTINGS: RoundSettings = { regionalReviewWorkingDays: 10, factualAccuracyWorkingDays: 10 };

export const ROUND_COMMANDS = [
  'open-regional-review',
  'close-regional-review',
  'reopen-regional-review',
  'open-factual-accuracy-check',
  'close-factual-accuracy-check',
  'sign-off',
  'schedule-publication',
  'cancel-publication',
] as const;
export type RoundCommand = (typeof ROUND_COMMANDS)[number];

export type StepResult = { readonly ok: true; readonly next: RoundTimetable } | { readonly ok: false; readonly reason: string };

/** The current stage, reading the clock: a scheduled round is published once its time has passed. */
export function stageAt(round: RoundTimetable, now: Date): RoundStage {
  return round.stage === 'scheduled' && round.publishAt !== null && round.publishAt.getTime() <= now.getTime() ? 'published' : round.stage;
}

/** True once the round's ratings may be shown to the public. */
export function isPublished(round: RoundTimetable, now: Date): boolean {
  return stageAt(round, now) === 'published';
}

/** The deadline `workingDays` after the London day of `now`, at the end of that day. */
export function deadlineAfter(now: Date, workingDays: number): Date {
  return endOfLondonDay(addWorkingDays(londonDate(now), workingDays));
}

function refuse(reason: string): StepResult {
  return { ok: false, reason };
}

function moveTo(stage: StoredStage, stageDueAt: Date | null = null, publishAt: Date | null = null): StepResult {
  return { ok: true, next: { stage, stageDueAt, publishAt } };
}

const FROM: Readonly<Record<RoundCommand, readonly StoredStage[]>> = {
  'open-regional-review': ['draft'],
  'close-regional-review': ['regional-review'],
  'reopen-regional-review': ['moderation'],
  'open-factual-accuracy-check': ['moderation'],
  'close-factual-accuracy-check': ['factual-accuracy'],
  'sign-off': ['sign-off'],
  'schedule-publication': ['approved'],
  'cancel-publication': ['scheduled'],
};

/** The commands that may be taken from a stage, in workflow order. */
export function commandsFrom(stage: RoundStage): RoundCommand[] {
  return ROUND_COMMANDS.filter((command) => stage !== 'published' && FROM[command].includes(stage));
}

export interface StepRequest {
  readonly command: RoundCommand;
  readonly now: Date;
  readonly facts: RoundFacts;
  readonly settings: RoundSettings;
  /** schedule-publication only: the embargo time. */
  readonly publishAt?: Date;
}

/** Takes one step of the workflow, or says why it cannot be taken now. */
export function takeStep(round: RoundTimetable, request: StepRequest): StepResult {
  const { command, now, facts, settings } = request;
  const stage = stageAt(round, now);
  if (!commandsFrom(stage).includes(command)) {
    return refuse(`A round at “${STAGE_LABELS[stage]}” cannot ${command.replaceAll('-', ' ')}; it can ${commandsFrom(stage).map((next) => next.replaceAll('-', ' ')).join(' or ') || 'take no further step'}.`);
  }
  switch (command) {
    case 'open-regional-review':
    case 'reopen-regional-review':
      return moveTo('regional-review', deadlineAfter(now, settings.regionalReviewWorkingDays));
    case 'close-regional-review':
      return moveTo('moderation');
    case 'open-factual-accuracy-check':
      if (facts.undecidedProposals > 0) return refuse(`${plural(facts.undecidedProposals, 'regional proposal is', 'regional proposals are')} still to be accepted or rejected.`);
      return moveTo('factual-accuracy', deadlineAfter(now, settings.factualAccuracyWorkingDays));
    case 'close-factual-accuracy-check': {
      if (facts.unansweredComments > 0) return refuse(`${plural(facts.unansweredComments, 'factual-accuracy comment has', 'factual-accuracy comments have')} no response yet.`);
      const closesAt = round.stageDueAt;
      if (closesAt !== null && now.getTime() <= closesAt.getTime() && facts.organisationsYetToRespond > 0) {
        return refuse(`The check is open until ${closesAt.toISOString()} and ${plural(facts.organisationsYetToRespond, 'organisation has', 'organisations have')} not yet responded.`);
      }
      return moveTo('sign-off');
    }
    case 'sign-off':
      return moveTo('approved');
    case 'schedule-publication':
      if (request.publishAt === undefined) return refuse('Give the publication (embargo) date and time.');
      if (request.publishAt.getTime() <= now.getTime()) return refuse('The publication time must be in the future: the embargo protects the ratings until then.');
      return moveTo('scheduled', null, request.publishAt);
    case 'cancel-publication':
      return moveTo('approved');
  }
}

/** Why a round needs attention now, if it does: its stage's deadline has passed. */
export function overdueReason(round: RoundTimetable, now: Date): string | null {
  if (round.stageDueAt === null || now.getTime() <= round.stageDueAt.getTime()) return null;
  const stage = stageAt(round, now);
  return `${STAGE_LABELS[stage]} was due by ${londonDate(round.stageDueAt)}.`;
}

function plural(count: number, one: string, many: string): string {
  return `${String(count)} ${count === 1 ? one : many}`;
}
