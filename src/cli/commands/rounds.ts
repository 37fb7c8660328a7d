import { Argument, type Command, Option } from 'commander';
import { InputError } from '../../domain/csv/decode.ts';
import { londonInstant } from '../../domain/calendar/london-time.ts';
import { ROUND_COMMANDS, type RoundCommand, STAGE_LABELS } from '../../domain/rounds/workflow.ts';
import type { CommentRecord, ProposalRecord } from '../../db/repositories/round-contributions.ts';
import type { RoundStep } from '../../db/repositories/rounds.ts';
import { commentOnDraft, confirmDraft, decideProposal, getComments, getProposals, proposeRatingChange, respondToComment } from '../../services/round-contributions.ts';
import { createRound, getRound, getRoundHistory, getRounds, type RoundView, takeRoundStep } from '../../services/rounds.ts';
import { formatTextTable } from '../text-table.ts';
import { withDatabase } from '../with-database.ts';

const DEFAULT_DATASET = 'demo-2016';

const UK_TIME = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' });

/** Deadlines and embargoes are set in UK time, so they are shown in it. */
function ukTime(instant: Date | null): string {
  return instant === null ? '-' : `${UK_TIME.format(instant)} UK time`;
}

function workingDays(option: string) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1 || value > 60) throw new InputError('options', [{ field: option, message: `"${raw}" must be a whole number of working days from 1 to 60` }]);
    return value;
  };
}

/** "2016-07-01 09:30" in UK time, as the committee sets an embargo. */
function parsePublishAt(raw: string): Date {
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})$/.exec(raw.trim());
  const problem = (message: string) => new InputError('options', [{ field: '--publish-at', message }]);
  if (match === null) throw problem(`"${raw}" must be a UK date and time as "YYYY-MM-DD HH:MM"`);
  try {
    return londonInstant(match[1] ?? '', match[2] ?? '');
  } catch (error) {
    throw problem(error instanceof Error ? error.message : String(error));
  }
}

function formatRoundLine(round: RoundView): string[] {
  return [round.record.id, STAGE_LABELS[round.stage], round.record.title, round.overdue ?? ''];
}

function formatRound(round: RoundView, history: readonly RoundStep[], proposals: readonly ProposalRecord[], comments: readonly CommentRecord[]): string {
  const { record } = round;
  const lines = [
    `${record.title} (${record.id})`,
    `Stage: ${STAGE_LABELS[round.stage]}`,
    `Framework: ${record.frameworkVersionId}, variant ${record.variant}, dataset ${record.dataset}`,
    `Draft run: ${record.draftRunId}; current run: ${record.currentRunId}`,
    `Due: ${ukTime(record.stageDueAt)}`,
    `Publication: ${ukTime(record.publishAt)}`,
    ...(round.overdue === null ? [] : [`OVERDUE: ${round.overdue}`]),
    `Next steps: ${round.nextCommands.join(', ') || 'none'}`,
    '',
    'History:',
    formatTextTable(['WHEN', 'STEP', 'TO', 'BY'], history.map((step) => [ukTime(step.takenAt), step.command, step.toStage, step.takenBy])),
    `Proposals (${String(proposals.length)}):`,
    proposals.length === 0
      ? ''
      : formatTextTable(
          ['ID', 'ORG', 'LEVEL', 'STATUS', 'BY', 'RATIONALE'],
          proposals.map((proposal) => [proposal.id, proposal.organisationCode, proposal.level, proposal.status, proposal.proposedBy, proposal.rationale]),
        ),
    `Factual-accuracy comments (${String(comments.length)}):`,
    comments.length === 0
      ? ''
      : formatTextTable(
          ['ID', 'ORG', 'BY', 'COMMENT', 'RESPONSE'],
          comments.map((comment) => [comment.id, comment.organisationCode, comment.commentedBy, comment.body, comment.response === null ? 'awaiting response' : `${comment.response}: ${comment.responseNote ?? ''}`]),
        ),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}

function printStage(round: RoundView): void {
  process.stdout.write(`Round ${round.record.id} is at “${STAGE_LABELS[round.stage]}”${round.record.stageDueAt === null ? '' : `, due ${ukTime(round.record.stageDueAt)}`}.\n`);
}

/** `assure rounds …`: a rating round from draft ratings to publication, each step as the acting account. */
export function registerRoundsCommands(program: Command): void {
  const rounds = program.command('rounds').description('rating rounds: draft ratings, regional review, moderation, factual-accuracy check, sign-off, publication');

  rounds
    .command('create')
    .description('compute draft ratings and open a round on them')
    .requiredOption('--title <title>', 'what the round is, e.g. "CCG assurance 2015/16, year end"')
    .requiredOption('--framework <id>', 'framework version, e.g. ccg-af-2015-16@1')
    .option('--variant <variant>', "rule variant (default: the framework's default)")
    .option('--data <dataset>', 'dataset code', DEFAULT_DATASET)
    .option('--year <id>', 'the assurance year (e.g. 2026-27) whose year-end assessment this round is: its documents then include the year’s evidence')
    .option('--review-days <n>', 'working days for regional review (default 10)', workingDays('--review-days'))
    .option('--check-days <n>', 'working days for the factual-accuracy check (default 10)', workingDays('--check-days'))
    .action(async (options: { title: string; framework: string; variant?: string; data: string; year?: string; reviewDays?: number; checkDays?: number }, command: Command) => {
      const round = await withDatabase(command, (db, actor) =>
        createRound(db, actor, {
          title: options.title,
          frameworkVersionId: options.framework,
          variant: options.variant,
          dataset: options.data,
          assuranceYearId: options.year,
          regionalReviewWorkingDays: options.reviewDays,
          factualAccuracyWorkingDays: options.checkDays,
        }),
      );
      process.stdout.write(`Created round ${round.record.id} on draft run ${round.record.draftRunId}.\n`);
    });

  rounds
    .command('list')
    .description('every round with its stage and what is overdue')
    .action(async (_options: unknown, command: Command) => {
      const all = await withDatabase(command, (db, actor) => getRounds(db, actor));
      process.stdout.write(all.length === 0 ? 'No rounds yet.\n' : formatTextTable(['ID', 'STAGE', 'TITLE', 'OVERDUE'], all.map(formatRoundLine)));
    });

  rounds
    .command('show')
    .description('where a round stands: stage, deadlines, history, and the proposals and comments you may see')
    .argument('<round>', 'round id')
    .action(async (roundId: string, _options: unknown, command: Command) => {
      const text = await withDatabase(command, async (db, actor) => {
        const round = await getRound(db, actor, roundId);
        return formatRound(round, await getRoundHistory(db, actor, roundId), await getProposals(db, actor, roundId), await getComments(db, actor, roundId));
      });
      process.stdout.write(text);
    });

  rounds
    .command('step')
    .description('take the next step of the workflow')
    .argument('<round>', 'round id')
    .addArgument(new Argument('<command>', 'workflow step').choices(ROUND_COMMANDS))
    .option('--publish-at <when>', 'schedule-publication: the embargo, "YYYY-MM-DD HH:MM" in UK time', parsePublishAt)
    .action(async (roundId: string, step: RoundCommand, options: { publishAt?: Date }, command: Command) => {
      const round = await withDatabase(command, (db, actor) => takeRoundStep(db, actor, { roundId, command: step, publishAt: options.publishAt }));
      printStage(round);
    });

  rounds
    .command('propose')
    .description("propose a different headline rating for one of your region's CCGs")
    .argument('<round>', 'round id')
    .requiredOption('--org <code>', 'organisation code')
    .requiredOption('--level <level>', 'proposed rating, e.g. good')
    .requiredOption('--rationale <text>', 'why')
    .action(async (roundId: string, options: { org: string; level: string; rationale: string }, command: Command) => {
      const id = await withDatabase(command, (db, actor) => proposeRatingChange(db, actor, { roundId, organisationCode: options.org, level: options.level, rationale: options.rationale }));
      process.stdout.write(`Proposal ${id}: ${options.org} to ${options.level}, awaiting national moderation.\n`);
    });

  rounds
    .command('decide')
    .description('national moderation: accept or reject a proposal')
    .argument('<proposal>', 'proposal id')
    .option('--accept', 'accept the proposal')
    .option('--reject', 'reject the proposal')
    .option('--note <text>', 'the reason for the decision')
    .action(async (proposalId: string, options: { accept?: boolean; reject?: boolean; note?: string }, command: Command) => {
      if (options.accept === options.reject) throw new InputError('options', [{ message: 'give exactly one of --accept and --reject' }]);
      const accept = options.accept === true;
      await withDatabase(command, (db, actor) => decideProposal(db, actor, { proposalId, accept, note: options.note }));
      process.stdout.write(`Proposal ${proposalId} ${accept ? 'accepted' : 'rejected'}.\n`);
    });

  rounds
    .command('comment')
    .description("a factual-accuracy comment on your CCG's draft rating")
    .argument('<round>', 'round id')
    .requiredOption('--org <code>', 'your organisation code')
    .requiredOption('--body <text>', 'the comment')
    .action(async (roundId: string, options: { org: string; body: string }, command: Command) => {
      const id = await withDatabase(command, (db, actor) => commentOnDraft(db, actor, { roundId, organisationCode: options.org, body: options.body }));
      process.stdout.write(`Comment ${id} recorded for ${options.org}.\n`);
    });

  rounds
    .command('confirm')
    .description("confirm your CCG's draft rating is factually accurate")
    .argument('<round>', 'round id')
    .requiredOption('--org <code>', 'your organisation code')
    .action(async (roundId: string, options: { org: string }, command: Command) => {
      await withDatabase(command, (db, actor) => confirmDraft(db, actor, { roundId, organisationCode: options.org }));
      process.stdout.write(`${options.org} confirmed its draft as factually accurate.\n`);
    });

  rounds
    .command('respond')
    .description('answer a factual-accuracy comment; "corrected" re-rates the round')
    .argument('<comment>', 'comment id')
    .addOption(new Option('--response <response>', 'corrected or no-change').choices(['corrected', 'no-change']).makeOptionMandatory())
    .requiredOption('--note <text>', 'what was done, or why nothing changes')
    .action(async (commentId: string, options: { response: 'corrected' | 'no-change'; note: string }, command: Command) => {
      await withDatabase(command, (db, actor) => respondToComment(db, actor, { commentId, response: options.response, note: options.note }));
      process.stdout.write(`Comment ${commentId} answered: ${options.response}.\n`);
    });
}
