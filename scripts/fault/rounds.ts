import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { listRoundSteps } from '../../src/db/repositories/rounds.ts';
import { commandsFrom, type RoundCommand } from '../../src/domain/rounds/workflow.ts';
import { getFrameworkVersion } from '../../src/services/frameworks.ts';
import { decideProposal, getProposals, proposeRatingChange } from '../../src/services/round-contributions.ts';
import { getRatingRun } from '../../src/services/ratings.ts';
import { createRound, getRoundHistory, getRounds, type RoundView, STEP_PERMISSION, takeRoundStep } from '../../src/services/rounds.ts';
import { FAULT_ANALYST, FAULT_COMMITTEE, FAULT_LEAD } from './actors.ts';
import { auditCounts, auditMismatch, type CheckResult, checkResult } from './audit-counts.ts';
import { FAULT_RATING_REQUEST } from './rating-runs.ts';

// Rating rounds for the fault script: an instance takes rounds through every step to a scheduled
// publication (a regional proposal made in the regional review and accepted in moderation on the way), each
// step through the round services; a round a killed instance left half-way is taken on by the next.
// Afterwards every round's stage must be where its steps lead, each step audited once.

const DAY_MS = 86_400_000;
const FIRST_ROUND_AT = Date.UTC(2016, 2, 1, 9);
export const FAULT_ROUND_TITLE = 'Fault script round';
/** The CCG (in the regional lead's region) whose draft rating each round's regional review proposes to change. */
const PROPOSED_FOR = '02N';
/** Days after a round's creation each step is taken, spaced as the demo round's are; published on day 35. */
const STEP_DAY: Readonly<Partial<Record<RoundCommand, number>>> = {
  'open-regional-review': 1,
  'close-regional-review': 5,
  'open-factual-accuracy-check': 6,
  'close-factual-accuracy-check': 27,
  'sign-off': 28,
  'schedule-publication': 29,
};
const PROPOSAL_DAY = 3;
const DECISION_DAY = 5.5;
const PUBLISHED_DAY = 35;

async function unfinishedRounds(db: Kysely<DB>): Promise<RoundView[]> {
  return (await getRounds(db, FAULT_ANALYST)).filter((round) => round.record.title.startsWith(FAULT_ROUND_TITLE) && round.record.stage !== 'scheduled');
}

/** A headline on the framework's scale other than the CCG's draft one. */
async function otherLevel(db: Kysely<DB>, round: RoundView): Promise<string> {
  const { run } = await getRatingRun(db, FAULT_ANALYST, round.record.currentRunId);
  const headline = run.organisations.find((rating) => rating.org === PROPOSED_FOR)?.headline;
  const { framework } = await getFrameworkVersion(db, FAULT_ANALYST, round.record.frameworkVersionId);
  const level = framework.scales.find((scale) => scale.id === framework.headlineScale)?.levels.find((candidate) => candidate.code !== headline);
  if (level === undefined) throw new Error(`no level to propose for ${PROPOSED_FOR}`);
  return level.code;
}

/** Takes the round's next piece of work: the proposal or its decision where the stage wants one, else its next step. */
async function advance(db: Kysely<DB>, round: RoundView): Promise<void> {
  const roundId = round.record.id;
  const created = (await getRoundHistory(db, FAULT_ANALYST, roundId))[0]?.takenAt;
  if (created === undefined) throw new Error(`round ${roundId} has no create step`);
  const day = (days: number) => new Date(created.getTime() + days * DAY_MS);
  const proposals = await getProposals(db, FAULT_ANALYST, roundId);
  if (round.record.stage === 'regional-review' && proposals.length === 0) {
    const level = await otherLevel(db, round);
    await proposeRatingChange(db, FAULT_LEAD, { roundId, organisationCode: PROPOSED_FOR, level, rationale: 'Local evidence the national data miss.', now: day(PROPOSAL_DAY) });
    return;
  }
  const undecided = proposals.find((proposal) => proposal.status === 'proposed');
  if (round.record.stage === 'moderation' && undecided !== undefined) {
    await decideProposal(db, FAULT_ANALYST, { proposalId: undecided.id, accept: true, note: 'Accepted in national moderation.', now: day(DECISION_DAY) });
    return;
  }
  const command = commandsFrom(round.stage).find((candidate) => STEP_DAY[candidate] !== undefined);
  if (command === undefined) throw new Error(`round ${roundId} at ${round.stage} has no step to take`);
  const actor = STEP_PERMISSION[command] === 'round.manage' ? FAULT_ANALYST : FAULT_COMMITTEE;
  await takeRoundStep(db, actor, { roundId, command, now: day(STEP_DAY[command] ?? 0), ...(command === 'schedule-publication' ? { publishAt: day(PUBLISHED_DAY) } : {}) });
}

/** Opens a fault round dated after the ones before it; returns it. */
async function openRound(db: Kysely<DB>): Promise<RoundView> {
  const earlier = (await getRounds(db, FAULT_ANALYST)).filter((round) => round.record.title.startsWith(FAULT_ROUND_TITLE)).length;
  return createRound(db, FAULT_ANALYST, { title: `${FAULT_ROUND_TITLE} ${String(earlier + 1)}`, ...FAULT_RATING_REQUEST, now: new Date(FIRST_ROUND_AT + earlier * DAY_MS) });
}

/** Takes one round from creation to its scheduled publication; returns its id. */
export async function publishFaultRound(db: Kysely<DB>): Promise<string> {
  const round = await openRound(db);
  await finishRounds(db);
  return round.record.id;
}

/** Takes every round a killed instance left half-way on to its scheduled publication. */
async function finishRounds(db: Kysely<DB>): Promise<void> {
  for (let open = await unfinishedRounds(db); open[0] !== undefined; open = await unfinishedRounds(db)) await advance(db, open[0]);
}

/** Until killed, rounds one after another; to finish, the rounds killed instances left half-way. */
export async function runRounds(db: Kysely<DB>, untilKilled: boolean): Promise<void> {
  await finishRounds(db);
  while (untilKilled) {
    await openRound(db);
    await finishRounds(db);
  }
}

export async function checkRounds(db: Kysely<DB>): Promise<{ rounds: number; steps: number; checks: CheckResult[] }> {
  const rounds = await db.selectFrom('rating_round').select(['id', 'title', 'stage', 'publish_at', 'draft_run_id', 'current_run_id']).execute();
  const runs = new Map((await db.selectFrom('rating_run').select(['id', 'published_at']).execute()).map((run) => [run.id, run.published_at]));
  const audits = await auditCounts(db, 'rating-round');
  const proposalAudits = await auditCounts(db, 'round-proposal');
  const proposals = await db.selectFrom('round_proposal').select(['id', 'round_id', 'status']).execute();
  const chain: string[] = [];
  const audited: string[] = [];
  const published: string[] = [];
  let steps = 0;
  for (const round of rounds) {
    const history = await listRoundSteps(db, round.id);
    steps += history.length;
    if (history[0]?.command !== 'create' || history[0].fromStage !== '') chain.push(`round ${round.id}: its first step is ${history[0]?.command ?? 'missing'}, not create`);
    history.forEach((step, index) => {
      const before = history[index - 1];
      if (before !== undefined && step.fromStage !== before.toStage) chain.push(`round ${round.id}: ${step.command} starts from ${step.fromStage}, but the step before ended at ${before.toStage}`);
    });
    if (history.at(-1)?.toStage !== round.stage) chain.push(`round ${round.id}: stage ${round.stage}, but its last step ends at ${String(history.at(-1)?.toStage)}`);
    const rerated = history.some((step) => step.command === 'open-factual-accuracy-check');
    if (rerated === (round.current_run_id === round.draft_run_id)) chain.push(`round ${round.id}: its current run ${rerated ? 'is still the draft after' : 'changed without'} the factual-accuracy check's re-rating`);
    const perCommand = new Map<string, number>();
    for (const step of history) perCommand.set(step.command, (perCommand.get(step.command) ?? 0) + 1);
    for (const [command, count] of perCommand) audited.push(...auditMismatch(audits, `rating-round.${command}`, round.id, count, `round ${round.id}`));
    const runPublishedAt = runs.get(round.current_run_id)?.getTime() ?? null;
    if ((round.publish_at?.getTime() ?? null) !== runPublishedAt) published.push(`round ${round.id}: publication at ${String(round.publish_at)}, its ratings' at ${String(runs.get(round.current_run_id))}`);
    const decidedAll = ['moderation', 'regional-review', 'draft'].includes(round.stage) || proposals.every((proposal) => proposal.round_id !== round.id || proposal.status !== 'proposed');
    if (!decidedAll) chain.push(`round ${round.id}: past moderation with a proposal undecided`);
  }
  const stored = new Set(rounds.map((round) => round.id));
  for (const key of audits.keys()) {
    const id = key.split(' ')[1] ?? '';
    if (!stored.has(id)) audited.push(`${key.split(' ')[0] ?? ''} audited for round ${id}, which is not stored`);
  }
  for (const proposal of proposals) {
    audited.push(...auditMismatch(proposalAudits, 'rating-round.propose-change', proposal.id, 1, `proposal ${proposal.id}`));
    audited.push(...auditMismatch(proposalAudits, 'rating-round.accept-proposal', proposal.id, proposal.status === 'accepted' ? 1 : 0, `proposal ${proposal.id} (${proposal.status})`));
  }
  // Each round is numbered after those stored before it: a round created twice would repeat its number.
  const titles = rounds.map((round) => round.title);
  const repeated = titles.filter((title, index) => titles.indexOf(title) !== index).map((title) => `“${title}” stored more than once`);
  return {
    rounds: rounds.length,
    steps,
    checks: [
      checkResult('no round created twice', repeated),
      checkResult("every round's steps follow on from each other and end at its stage", chain),
      checkResult('one audit event per round step and per proposal and decision', audited),
      checkResult("a scheduled publication sets the round's and its ratings' embargo together", published),
    ],
  };
}
