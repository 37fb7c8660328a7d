import { z } from 'zod';
import { csrfTokenField } from './request-fields.ts';

// The JSON API's shapes for rating runs, explanations and what-if simulations. The response serialiser sends
// exactly these fields, so nothing the engine adds later leaks out undeclared.

const FRAMEWORK_VERSION_ID = /^[a-z0-9][a-z0-9-]*@[1-9][0-9]{0,5}$/;
const VARIANT_ID = /^[a-z0-9][a-z0-9-]*$/;
const DATASET_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const frameworkVersionId = z.string().max(100).regex(FRAMEWORK_VERSION_ID, 'must be a framework version id, for example ccg-af-2015-16@1');
const variantId = z.string().max(100).regex(VARIANT_ID, 'must be a variant id: lower-case letters, digits and hyphens (for example final-2015)');
const datasetCode = z.string().max(100).regex(DATASET_CODE, 'must be a dataset code, for example demo-2016');

export const ratingRunParams = z.object({
  runId: z
    .string()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a rating run id (a UUID)')
    .describe('Rating run id'),
});

export const ratingExplanationParams = ratingRunParams.extend({
  code: z.string().regex(/^[A-Za-z0-9]{3,9}$/, 'must be an ODS code (e.g. 02N)').describe('ODS code of the organisation'),
});

export const ratingRunListQuery = z.object({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(20).describe('Runs per page; each carries its distribution, so pages are small'),
});

export const computeRatingRunBody = z.object({
  // Declared so that validation keeps it for the CSRF check, which runs after validation.
  ...csrfTokenField,
  framework: frameworkVersionId.describe('Framework version, for example ccg-af-2015-16@1'),
  variant: variantId.optional().describe("Rule variant; the framework's default when left out"),
  dataset: datasetCode.describe('Dataset to rate, for example demo-2016'),
});

export const simulationQuery = z.object({
  framework: frameworkVersionId.describe('Framework version, for example ccg-af-2015-16@1'),
  baseline: variantId.describe('Baseline rule variant, for example draft-2015'),
  candidate: variantId.describe('Candidate rule variant, for example final-2015'),
  dataset: datasetCode.describe('Dataset, for example demo-2016'),
});

const distributionEntry = z.object({
  level: z.string(),
  label: z.string(),
  count: z.number().int(),
  share: z.number().describe('Share of the organisations rated, 0 to 1'),
});

const guardRailWarning = z.object({
  rail: z.string(),
  level: z.string(),
  count: z.number().int(),
  share: z.number(),
  message: z.string(),
});

const summaryFields = {
  rated: z.number().int(),
  notRated: z.number().int(),
  distribution: z.array(distributionEntry).describe('Headline levels, best first'),
  warnings: z.array(guardRailWarning).describe('Guard rails the distribution trips'),
};

const datasetSchema = z.object({
  code: z.string(),
  title: z.string(),
  asOf: z.string().describe('YYYY-MM-DD'),
  synthetic: z.boolean().describe('True when the values are made up (demo data), not measured'),
});

const frameworkReference = z.object({ versionId: z.string(), title: z.string().nullable() });
const variantReference = z.object({ id: z.string(), name: z.string().nullable() });

const provenanceFields = {
  id: z.string(),
  status: z.enum(['draft', 'published']).describe('Draft until the run is published and its embargo has passed'),
  publishedAt: z.string().nullable().describe('ISO 8601 instant'),
  framework: frameworkReference,
  variant: variantReference,
  dataset: datasetSchema,
  asOf: z.string().describe('YYYY-MM-DD'),
  engineVersion: z.string(),
  inputHash: z.string().describe('SHA-256 of everything the run depended on'),
  outputHash: z.string().describe('SHA-256 of the stored output'),
  createdBy: z.string(),
  createdAt: z.string().describe('ISO 8601 instant'),
};

const ratingRunSummarySchema = z.object({
  ...provenanceFields,
  ...summaryFields,
  links: z.object({ self: z.string(), page: z.string() }),
});

export const ratingRunListResponse = z.object({
  data: z.array(ratingRunSummarySchema),
  meta: z.object({ page: z.number().int(), pageSize: z.number().int(), total: z.number().int(), pageCount: z.number().int() }),
  links: z.object({ self: z.string(), next: z.string().optional(), prev: z.string().optional() }),
});

export const ratingRunResponse = z.object({ data: ratingRunSummarySchema });

const organisationHeadline = z.object({
  code: z.string(),
  name: z.string(),
  region: z.string().nullable().describe('ODS code of the NHS England region'),
  headline: z.string().nullable().describe('Level code; null when not rated'),
  label: z.string().nullable(),
  notRatedReason: z.string().nullable(),
  decidedBy: z.string().nullable().describe('The pipeline step (or first-match case) that last set the headline'),
  score: z.number().nullable(),
  rank: z.number().int().nullable(),
  links: z.object({ explanation: z.string(), page: z.string() }),
});

export const ratingRunDetailResponse = z.object({
  data: ratingRunSummarySchema.extend({ organisations: z.array(organisationHeadline) }),
});

const groupTrace = z.object({
  id: z.string(),
  name: z.string(),
  method: z.string(),
  level: z.string().nullable(),
  label: z.string().nullable(),
  status: z.string().describe('rated, not-rated, not-applicable or no-level'),
  score: z.number().nullable(),
  indicatorsUsed: z.number().int(),
  indicatorsCounted: z.number().int(),
  reason: z.string().nullable(),
});

const ruleTrace = z.object({
  step: z.string(),
  type: z.string(),
  case: z.string().nullable(),
  outcome: z.enum(['changed', 'fired', 'held']).describe('changed the headline, fired without changing it, or held (did not apply)'),
  before: z.string().nullable(),
  after: z.string().nullable(),
  detail: z.string(),
  basis: z.enum(['documented', 'reconstruction']),
  recordedBy: z.string().nullable(),
  rationale: z.string().nullable(),
  approvedBy: z.string().nullable(),
});

const indicatorTrace = z.object({
  indicator: z.string(),
  name: z.string().nullable(),
  sentence: z.string().nullable().describe('The record in one sentence'),
  value: z.number().nullable(),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  category: z.string().nullable(),
  lower95: z.number().nullable(),
  upper95: z.number().nullable(),
  lower998: z.number().nullable(),
  upper998: z.number().nullable(),
  referenceKind: z.string().nullable(),
  reference: z.number().nullable(),
  comparison: z.string().nullable(),
  position: z.number().nullable(),
  groupSize: z.number().nullable(),
  points: z.number().nullable(),
  status: z.string(),
  action: z.string().nullable(),
  synthetic: z.boolean(),
  source: z.string().nullable(),
  periodEnd: z.string().nullable(),
});

const dataFlag = z.object({ kind: z.string(), subject: z.string(), action: z.string(), detail: z.string() });

export const ratingExplanationResponse = z.object({
  data: z.object({
    run: z.object({ ...provenanceFields, links: z.object({ self: z.string(), page: z.string() }) }),
    code: z.string(),
    name: z.string(),
    region: z.string().nullable(),
    headline: z.string().nullable(),
    label: z.string().nullable(),
    notRatedReason: z.string().nullable(),
    decidedBy: z.string().nullable(),
    score: z.number().nullable(),
    rank: z.number().int().nullable(),
    domains: z.array(groupTrace),
    composites: z.array(groupTrace),
    rules: z.array(ruleTrace).describe('Every pipeline step in order'),
    indicators: z.array(indicatorTrace),
    flags: z.array(dataFlag).describe('Missing, stale, small or uncompared data behind the rating'),
    links: z.object({ self: z.string(), page: z.string() }),
  }),
});

const simulationSide = z.object({
  framework: frameworkReference,
  variant: variantReference,
  inputHash: z.string(),
  ...summaryFields,
});

export const simulationResponse = z.object({
  data: z.object({
    engineVersion: z.string(),
    dataset: datasetSchema,
    baseline: simulationSide,
    candidate: simulationSide.describe('Its warnings are what stops a rule going forward'),
    fromLevels: z.array(z.string()).describe('Rows of the transition matrix: baseline levels, best first, then not-rated'),
    toLevels: z.array(z.string()).describe('Columns: candidate levels, best first, then not-rated'),
    transitions: z.array(z.array(z.number().int())).describe('transitions[row][column]: organisations at fromLevels[row] in the baseline and toLevels[column] in the candidate'),
    movers: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        from: z.string(),
        to: z.string(),
        direction: z.enum(['better', 'worse', 'rated', 'unrated', 'changed']),
        baselineDecidedBy: z.string().nullable(),
        candidateDecidedBy: z.string().nullable(),
      }),
    ),
    unchanged: z.number().int(),
  }),
});
