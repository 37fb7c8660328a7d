import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Actor } from '../../../domain/identity/actor.ts';
import { can } from '../../../domain/policy/can.ts';
import type { DB } from '../../../db/schema.ts';
import { getOrganisationPage } from '../../../services/organisation-queries.ts';
import { getFrameworkVersion } from '../../../services/frameworks.ts';
import { getRatingRun } from '../../../services/ratings.ts';
import { getComments, getProposals } from '../../../services/round-contributions.ts';
import { getModerationWhatIf } from '../../../services/round-moderation.ts';
import { getRound, getRoundHistory, type RoundView, STEP_PERMISSION } from '../../../services/rounds.ts';
import { presentComment, presentHistory, presentProposal, presentRoundSummary, presentTimeline, STEP_BUTTONS } from '../../presenters/round.ts';
import { moderationWhatIfView } from '../../presenters/round-moderation.ts';
import type { FormError } from './form-errors.ts';
import { DONE_MESSAGES, doneQuery } from './rounds-forms.ts';

// The round page: where the round stands, and the forms each viewer may use at this stage.

export const ROUNDS_BREADCRUMBS = [
  { text: 'Home', href: '/' },
  { text: 'Rating rounds', href: '/rounds' },
];

/** The next steps the viewer's roles allow: analysts and the committee see different buttons. */
function stepsFor(actor: Actor, view: RoundView) {
  return view.nextCommands.filter((command) => can(actor, STEP_PERMISSION[command]) === 'allow').map((command) => ({ command, text: STEP_BUTTONS[command] }));
}

/** The organisations a viewer may propose for: a regional lead's CCGs, or every CCG for a national analyst. */
async function proposableOrganisations(db: Kysely<DB>, actor: Actor) {
  if (actor.kind !== 'user') return [];
  const national = actor.grants.some((grant) => grant.role === 'national-analyst');
  const regions = actor.grants.flatMap((grant) => (grant.role === 'regional-lead' ? [grant.regionCode] : []));
  if (!national && regions.length === 0) return [];
  const pages = await Promise.all((national ? [undefined] : regions).map((regionCode) => getOrganisationPage(db, { type: 'ccg', regionCode }, 1, 1000)));
  return pages.flatMap((page) => page.rows.map((row) => ({ value: row.code, text: `${row.name} (${row.code})` })));
}

/** The CCGs whose own draft the viewer checks for factual accuracy. */
function ownOrganisations(actor: Actor): string[] {
  return actor.kind === 'user' ? actor.grants.flatMap((grant) => (grant.role === 'ccg-user' ? [grant.organisationCode] : [])) : [];
}

async function headlineLevels(db: Kysely<DB>, actor: Actor, frameworkVersionId: string) {
  const { framework } = await getFrameworkVersion(db, actor, frameworkVersionId);
  return framework.scales.find((scale) => scale.id === framework.headlineScale)?.levels ?? [];
}

/** The success banner after a POST redirected back here. */
export function doneMessage(request: FastifyRequest): string | null {
  const { done } = doneQuery.parse(request.query);
  return done === undefined ? null : DONE_MESSAGES[done];
}

/** Renders the round page, with form errors when a POST was refused. */
export async function renderRoundPage(
  db: Kysely<DB>,
  request: FastifyRequest,
  reply: FastifyReply,
  roundId: string,
  now: Date,
  failure: { status: number; errors: readonly FormError[] } = { status: 200, errors: [] },
) {
  const actor = request.actor;
  const view = await getRound(db, actor, roundId, now);
  const [history, proposals, comments] = await Promise.all([getRoundHistory(db, actor, roundId), getProposals(db, actor, roundId), getComments(db, actor, roundId)]);
  const nationalReader = can(actor, 'rating.view-run') === 'allow';
  const [current, draft] = nationalReader ? await Promise.all([getRatingRun(db, actor, view.record.currentRunId), getRatingRun(db, actor, view.record.draftRunId)]) : [undefined, undefined];
  const draftHeadlines = new Map((draft?.run.organisations ?? []).map((rating) => [rating.org, rating.label ?? 'Not rated']));
  const proposing = view.stage === 'regional-review' ? await proposableOrganisations(db, actor) : [];
  const levels = proposing.length > 0 || proposals.length > 0 ? await headlineLevels(db, actor, view.record.frameworkVersionId) : [];
  const levelLabels = new Map(levels.map((level) => [level.code, level.label]));
  const manages = can(actor, 'round.manage') === 'allow';
  const canModerate = manages && view.stage === 'moderation';
  const whatIf = canModerate ? moderationWhatIfView(await getModerationWhatIf(db, actor, roundId)) : undefined;
  return reply.code(failure.status).page('rounds/show.njk', {
    title: view.record.title,
    section: 'rounds',
    breadcrumbs: ROUNDS_BREADCRUMBS,
    csrfToken: reply.generateCsrf(),
    done: doneMessage(request),
    errors: failure.errors,
    round: presentRoundSummary(view),
    timeline: presentTimeline(view, history),
    history: presentHistory(history),
    steps: stepsFor(actor, view),
    distribution: current?.run.summary.distribution ?? null,
    proposals: proposals.map((proposal) => ({
      ...presentProposal(proposal),
      levelLabel: levelLabels.get(proposal.level) ?? proposal.level,
      draftLabel: draftHeadlines.get(proposal.organisationCode) ?? null,
    })),
    organisationOptions: proposing,
    levelOptions: levels.map((level) => ({ value: level.code, text: level.label })),
    canModerate,
    whatIf,
    canRespond: manages && view.stage === 'factual-accuracy',
    comments: comments.map(presentComment),
    ownOrganisations: ownOrganisations(actor),
  });
}
