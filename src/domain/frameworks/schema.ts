import { z } from 'zod';
import { Basis, Identifier, Scale, Source } from './schema-basics.ts';
import { Indicator } from './schema-indicators.ts';
import { Composite, DataRules, Domain, GuardRail, Ranking, Variant } from './schema-rules.ts';

// The shape of a framework version file. Field-level meaning is documented in docs/frameworks.md.

/** A judgement recorded by people: a level on a scale (a panel's rating) or a yes/no flag (legal directions). */
export const JudgementDefinition = z
  .strictObject({
    id: Identifier,
    name: z.string().min(1),
    kind: z.enum(['level', 'flag']),
    scale: Identifier.optional(),
    recordedBy: z.string().min(1),
    /** Organisations may be recorded as not-applicable (delegated functions a CCG does not hold). */
    mayBeNotApplicable: z.boolean().default(false),
    basis: Basis,
  })
  .refine((judgement) => (judgement.kind === 'level') === (judgement.scale !== undefined), 'a level judgement names its scale; a flag has none');
export type JudgementDefinition = z.infer<typeof JudgementDefinition>;

export const FrameworkSchema = z.strictObject({
  id: Identifier,
  version: z.number().int().positive(),
  title: z.string().min(1),
  description: z.string().optional(),
  organisationType: z.enum(['ccg', 'icb', 'trust', 'provider-location']),
  /** Points run from `best` to `worst` (4 → 1 for quartile points; 1.00 → 4.00 for NOF metric scores). */
  points: z.strictObject({ best: z.number(), worst: z.number() }).refine((points) => points.best !== points.worst, 'best and worst points must differ'),
  sources: z.array(Source).min(1, 'name at least one source'),
  scales: z.array(Scale).min(1),
  headlineScale: Identifier,
  domains: z.array(Domain).default([]),
  indicators: z.array(Indicator).default([]),
  composites: z.array(Composite).default([]),
  judgements: z.array(JudgementDefinition).default([]),
  dataRules: DataRules,
  variants: z.array(Variant).min(1),
  defaultVariant: Identifier,
  guardRails: z.array(GuardRail).default([]),
  ranking: Ranking.optional(),
});

/** A validated framework version, as the rating engine consumes it. */
export type Framework = z.infer<typeof FrameworkSchema>;
