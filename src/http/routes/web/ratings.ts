import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { can } from '../../../domain/policy/can.ts';
import { RatingInputError } from '../../../domain/rating/prepare.ts';
import type { DB } from '../../../db/schema.ts';
import { getRegions } from '../../../services/organisation-queries.ts';
import { getRatingChoices, getRatingExplanation, getRatingRunPage, getRatingRunReport } from '../../../services/rating-reports.ts';
import { computeRatings } from '../../../services/ratings.ts';
import { authorize } from '../../authorize.ts';
import { datasetOptions, parseRuleValue, ruleOptions, selectionProblems } from '../../presenters/rating-choices.ts';
import { explanationPage } from '../../presenters/rating-explanation.ts';
import { NOT_RATED_FILTER, runPage } from '../../presenters/rating-run-page.ts';
import { runListRow, runPagePath } from '../../presenters/rating-run.ts';
import { readForm } from './form-body.ts';
import { type FormError, messagesByField } from './form-errors.ts';
import { paginationModel } from './pagination.ts';
import { ratingWhatIfPages } from './ratings-what-if.ts';

const PAGE_SIZE = 20;
/** The dataset the compute form starts on: the demo year that first start installs outside production. */
const DEFAULT_DATASET = 'demo-2016';
const RATINGS_BREADCRUMBS = [
  { text: 'Home', href: '/' },
  { text: 'Rating runs', href: '/ratings' },
];

// Pages take any query string: a value that cannot be a filter is ignored rather than answered with a 400 page.
const listQuery = z.object({ page: z.coerce.number().int().min(1).max(100000).catch(1).default(1) });
const runQuery = z.object({ region: z.string().max(10).optional().catch(undefined), rating: z.string().max(100).optional().catch(undefined) });
const runParams = z.object({ runId: z.string().max(100) });
const explanationParams = runParams.extend({ code: z.string().max(20) });
const computeForm = z.object({ rule: z.string().max(200).catch(''), dataset: z.string().max(100).catch('') });

type ComputeForm = z.infer<typeof computeForm>;

/** The rating pages: runs, computing one, a run's distribution and organisations, one organisation's explanation. */
export const ratingPages: FastifyPluginAsyncZod<{ db: Kysely<DB> }> = async (app, { db }) => {
  async function listPage(request: FastifyRequest, reply: FastifyReply, page: number, form: ComputeForm, errors: readonly FormError[]) {
    const result = await getRatingRunPage(db, request.actor, page, PAGE_SIZE);
    const computing = can(request.actor, 'rating.compute') === 'allow' ? await getRatingChoices(db, request.actor) : undefined;
    const first = (result.page - 1) * PAGE_SIZE + 1;
    const resultText =
      result.total === 0
        ? 'No rating runs yet.'
        : result.entries.length === 0
          ? `Page ${result.page} is past the end: there are ${result.total} runs in ${result.pageCount} pages.`
          : `Showing ${first} to ${first + result.entries.length - 1} of ${result.total} run${result.total === 1 ? '' : 's'}, newest first.`;
    return reply.page('ratings/list.njk', {
      title: result.page > 1 ? `Rating runs (page ${result.page})` : 'Rating runs',
      section: 'ratings',
      breadcrumbs: [{ text: 'Home', href: '/' }],
      errors,
      fieldErrors: messagesByField(errors),
      compute:
        computing === undefined
          ? undefined
          : { csrfToken: reply.generateCsrf(), ruleOptions: ruleOptions(computing, form.rule), datasetOptions: datasetOptions(computing, form.dataset) },
      resultText,
      rows: result.entries.map(runListRow),
      page: { number: result.page, count: result.pageCount },
      paginationOptions: paginationModel('/ratings', {}, result.page, result.pageCount),
    });
  }

  app.get('/ratings', { schema: { hide: true, querystring: listQuery } }, async (request, reply) => {
    authorize(request, 'rating.view-run');
    return listPage(request, reply, request.query.page, { rule: '', dataset: DEFAULT_DATASET }, []);
  });

  app.post('/ratings', { schema: { hide: true } }, async (request, reply) => {
    authorize(request, 'rating.compute');
    const form = readForm(computeForm, request.body);
    const choices = await getRatingChoices(db, request.actor);
    const { framework, variant } = parseRuleValue(form.rule);
    const problems = selectionProblems(choices, { framework, variants: [{ field: 'rule', id: variant }], dataset: form.dataset });
    const errors = problems.map((problem) => ({ text: problem.message, href: `#${problem.field === 'framework' ? 'rule' : problem.field}` }));
    if (errors.length > 0) return listPage(request, reply.code(400), 1, form, errors);
    try {
      const { record } = await computeRatings(db, request.actor, { frameworkVersionId: framework, variant, dataset: form.dataset, requestId: request.id });
      return await reply.redirect(runPagePath(record.id), 303);
    } catch (error) {
      if (!(error instanceof RatingInputError)) throw error;
      const shown = error.problems.slice(0, 5).map((problem) => ({ text: `${problem.where}: ${problem.message}`, href: '#rule' }));
      const more = error.problems.length - shown.length;
      const summary = { text: `The dataset does not fit this framework${more > 0 ? ` (${more} more problems not shown)` : ''}`, href: '#rule' };
      return listPage(request, reply.code(400), 1, form, [summary, ...shown]);
    }
  });

  app.get('/ratings/:runId', { schema: { hide: true, params: runParams, querystring: runQuery } }, async (request, reply) => {
    authorize(request, 'rating.view-run');
    const [report, regions] = await Promise.all([getRatingRunReport(db, request.actor, request.params.runId), getRegions(db)]);
    const region = regions.find((candidate) => candidate.code === request.query.region?.toUpperCase())?.code;
    const levels = new Set([...report.run.summary.distribution.map((entry) => entry.level), NOT_RATED_FILTER]);
    const rating = request.query.rating !== undefined && levels.has(request.query.rating) ? request.query.rating : undefined;
    const model = runPage(report, regions, { region, rating });
    return reply.page('ratings/run.njk', { title: model.heading, section: 'ratings', breadcrumbs: RATINGS_BREADCRUMBS, ...model });
  });

  app.get('/ratings/:runId/organisations/:code', { schema: { hide: true, params: explanationParams } }, async (request, reply) => {
    // Who may see it depends on the run (draft or published) and the organisation, so the service asks the policy.
    const report = await getRatingExplanation(db, request.actor, request.params.runId, request.params.code.toUpperCase());
    const regions = await getRegions(db);
    const regionName = regions.find((region) => region.code === report.rating.region)?.name ?? null;
    const model = explanationPage(report, regionName);
    // Only those who may read whole runs are offered the way back to one.
    const readsRuns = can(request.actor, 'rating.view-run') === 'allow';
    return reply.page('ratings/explanation.njk', {
      title: `${model.organisation.name}: rating explained`,
      section: 'ratings',
      breadcrumbs: readsRuns ? [...RATINGS_BREADCRUMBS, { text: model.runHeading, href: model.runHref }] : [{ text: 'Home', href: '/' }],
      ...model,
      runHref: readsRuns ? model.runHref : undefined,
    });
  });

  await app.register(ratingWhatIfPages, { db });
};
