import { z } from 'zod';
import { Basis, Identifier } from '../../../domain/frameworks/schema-basics.ts';
import { FrameworkSchema } from '../../../domain/frameworks/schema.ts';
import { Step, Variant } from '../../../domain/frameworks/schema-rules.ts';

/** A framework version id as URLs carry it: `ccg-af-2015-16@1`. */
export const FRAMEWORK_VERSION_ID = /^[a-z0-9][a-z0-9-]{0,79}@[1-9][0-9]{0,8}$/;

export const frameworkVersionParams = z.object({
  versionId: z
    .string()
    .regex(FRAMEWORK_VERSION_ID, 'must be a framework version: its id, @ and its version number (e.g. ccg-af-2015-16@1)')
    .describe('Framework version, e.g. ccg-af-2015-16@1'),
});

const counts = z.object({
  domains: z.number().int(),
  indicators: z.number().int(),
  composites: z.number().int(),
  judgements: z.number().int(),
  variants: z.number().int(),
});

const frameworkVersionSummary = z.object({
  id: z.string().describe('Framework version: id@version'),
  frameworkId: z.string(),
  version: z.number().int(),
  title: z.string(),
  organisationType: FrameworkSchema.shape.organisationType,
  defaultVariant: z.string().describe('The rule variant used when none is named'),
  counts,
  fileName: z.string().describe('The file as it was loaded'),
  contentHash: z.string().describe('SHA-256 of the file, hex'),
  loadedAt: z.string().describe('When this content was loaded (ISO 8601)'),
  links: z.object({
    self: z.string(),
    page: z.string().describe('The methodology page'),
    source: z.string().describe('The file exactly as loaded (text/plain)'),
  }),
});

export const frameworkVersionListResponse = z.object({
  data: z.array(frameworkVersionSummary),
  links: z.object({ self: z.string() }),
});

const STEP_TYPES = Step.options.map((option) => option.shape.type.value);

/**
 * A pipeline step. Conditions nest (`all`, `any`, `not`), and the OpenAPI generator cannot yet express the
 * recursive schema (it emits a reference to a component it never defines), so a step is described by the
 * fields every step has and its other fields pass through as they were validated on loading.
 */
const pipelineStep = z
  .looseObject({ id: Identifier, type: z.enum(STEP_TYPES), description: z.string().optional(), basis: Basis })
  .describe(
    'One step of the headline pipeline, validated when the framework was loaded. Besides the fields listed, each type has its own: combine (method, tieBreak, of), score-bands (aggregate, domains, bands), quantile-bands (aggregate, domains, within, levels), first-match (cases with when and level, otherwise), limiter (when, and one of cap, floor, set), judgement (judgement). `when` is a condition: one of domain, countDomains, flag, indicator, headline, all, any, not; all/any/not nest further conditions. See docs/frameworks.md.',
  );

/** The framework definition, exact except for pipeline steps (see `pipelineStep`). */
const frameworkDefinition = FrameworkSchema.extend({
  variants: z.array(Variant.extend({ pipeline: z.array(pipelineStep) })),
}).describe('The framework version as validated when loaded, with defaults filled in (the file format: docs/frameworks.md)');

export const frameworkVersionResponse = z.object({
  data: frameworkVersionSummary.extend({ definition: frameworkDefinition }),
});
