import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { RatingInputError } from '../../../domain/rating/prepare.ts';
import type { DB } from '../../../db/schema.ts';
import { getCalibration } from '../../../services/calibration.ts';
import { frameworkVersionId } from '../../../services/frameworks.ts';
import { getRatingChoices, type RatingChoices } from '../../../services/rating-reports.ts';
import { simulateRatings } from '../../../services/ratings.ts';
import { authorize } from '../../authorize.ts';
import { calibrationPage } from '../../presenters/rating-calibration.ts';
import { datasetOptions, findFramework, frameworkOptions, selectionProblems, variantOptions } from '../../presenters/rating-choices.ts';
import { simulationPage } from '../../presenters/rating-what-if.ts';
import { type FormError, messagesByField } from './form-errors.ts';

const BREADCRUMBS = [
  { text: 'Home', href: '/' },
  { text: 'Rating runs', href: '/ratings' },
];
const DEFAULT_DATASET = 'demo-2016';

// A GET form: every field is optional and anything unreadable counts as not given.
const text = z.string().max(200).optional().catch(undefined);
const simulateQuery = z.object({ framework: text, baseline: text, candidate: text, dataset: text });

type SimulateQuery = z.infer<typeof simulateQuery>;

interface Selection {
  readonly framework: string;
  readonly baseline: string;
  readonly candidate: string;
  readonly dataset: string;
}

/**
 * What the form shows: the query's choices, else the first framework version with two variants (its first
 * variant against its default, or its second) on the demo dataset when it is loaded.
 */
function selectionFrom(query: SimulateQuery, choices: RatingChoices): Selection {
  const comparable = choices.frameworks.find((framework) => framework.variants.length > 1) ?? choices.frameworks[0];
  const frameworkId = query.framework ?? (comparable === undefined ? '' : frameworkVersionId(comparable));
  const framework = findFramework(choices, frameworkId);
  const first = framework?.variants[0]?.id ?? '';
  const other = framework?.defaultVariant !== first ? framework?.defaultVariant : framework.variants[1]?.id;
  const dataset = choices.datasets.some((candidate) => candidate.code === DEFAULT_DATASET) ? DEFAULT_DATASET : (choices.datasets[0]?.code ?? '');
  return { framework: frameworkId, baseline: query.baseline ?? first, candidate: query.candidate ?? other ?? first, dataset: query.dataset ?? dataset };
}

/** The what-if pages: simulate any two rule variants, and the 2015/16 calibration. National analysts only: both run the engine. */
export const ratingWhatIfPages: FastifyPluginAsyncZod<{ db: Kysely<DB> }> = async (app, { db }) => {
  app.get('/ratings/simulate', { schema: { hide: true, querystring: simulateQuery } }, async (request, reply) => {
    authorize(request, 'rating.compute');
    const choices = await getRatingChoices(db, request.actor);
    const selection = selectionFrom(request.query, choices);
    const framework = findFramework(choices, selection.framework);
    const submitted = Object.values(request.query).some((value) => value !== undefined);
    const problems = submitted
      ? selectionProblems(choices, {
          framework: selection.framework,
          variants: [
            { field: 'baseline', id: selection.baseline },
            { field: 'candidate', id: selection.candidate },
          ],
          dataset: selection.dataset,
        })
      : [];
    let errors: FormError[] = problems.map((problem) => ({ text: problem.message, href: `#${problem.field}` }));
    let result;
    if (submitted && errors.length === 0 && framework !== undefined) {
      try {
        result = simulationPage(
          await simulateRatings(db, request.actor, { frameworkVersionId: selection.framework, baseline: selection.baseline, candidate: selection.candidate, dataset: selection.dataset }),
          framework,
          selection.framework,
        );
      } catch (error) {
        if (!(error instanceof RatingInputError)) throw error;
        errors = [{ text: `The dataset does not fit this framework: ${error.problems[0]?.message ?? error.message}`, href: '#dataset' }];
      }
    }
    return reply.code(errors.length > 0 ? 400 : 200).page('ratings/simulate.njk', {
      title: result === undefined ? 'Simulate a rule change' : 'Simulate a rule change: result',
      section: 'ratings',
      breadcrumbs: BREADCRUMBS,
      errors,
      fieldErrors: messagesByField(errors),
      frameworkOptions: frameworkOptions(choices, selection.framework),
      baselineOptions: variantOptions(framework, selection.baseline),
      candidateOptions: variantOptions(framework, selection.candidate),
      datasetOptions: datasetOptions(choices, selection.dataset),
      dataset: choices.datasets.find((dataset) => dataset.code === selection.dataset),
      result,
    });
  });

  app.get('/ratings/calibration', { schema: { hide: true } }, async (request, reply) => {
    authorize(request, 'rating.compute');
    const model = calibrationPage(await getCalibration(db, request.actor));
    return reply.page('ratings/calibration.njk', { title: 'Calibration: the 2015/16 ratings', section: 'ratings', breadcrumbs: BREADCRUMBS, ...model });
  });
};
