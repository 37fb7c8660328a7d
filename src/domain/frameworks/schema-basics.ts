import { z } from 'zod';

// Building blocks shared by every part of a framework file: identifiers, provenance, scales and score bands.

/** Lower-case identifiers (`well-led`, `final-2015`) so files, URLs and CLI options agree on spelling. */
export const Identifier = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and hyphens (for example "well-led")');

/** Indicator codes as NHS England writes them: `127c`, `OF0023`, `cqc-safe`. */
export const IndicatorCode = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, 'must be letters, digits and hyphens (for example "127c")');

/**
 * Where a rule comes from. `documented`: a public source states it (cite it). `reconstruction`: the public
 * record is silent and the rule is our reasoned reconstruction (say why in `reasoning`).
 */
export const Basis = z.strictObject({
  status: z.enum(['documented', 'reconstruction']),
  sources: z.array(Identifier).default([]),
  reasoning: z.string().min(1, 'must say why the rule is as it is'),
});
export type Basis = z.infer<typeof Basis>;

export const Source = z.strictObject({
  id: Identifier,
  title: z.string().min(1),
  url: z.url().optional(),
  note: z.string().optional(),
});
export type Source = z.infer<typeof Source>;

export const ScaleLevel = z.strictObject({ code: Identifier, label: z.string().min(1) });

/** An ordered rating scale, best level first (Outstanding … Inadequate; segment 1 … 5). */
export const Scale = z.strictObject({
  id: Identifier,
  name: z.string().min(1),
  levels: z.array(ScaleLevel).min(2, 'a scale needs at least two levels'),
});
export type Scale = z.infer<typeof Scale>;

/**
 * One score band: the level given when the score is at least (or at most) the threshold. Bands are read in
 * order and the first that holds wins; the last band has no threshold and catches the rest.
 */
export const Band = z
  .strictObject({ level: Identifier, atLeast: z.number().optional(), atMost: z.number().optional() })
  .refine((band) => band.atLeast === undefined || band.atMost === undefined, 'give atLeast or atMost, not both');
export type Band = z.infer<typeof Band>;

export const Bands = z.array(Band).min(2).superRefine((bands, context) => {
  bands.forEach((band, index) => {
    const last = index === bands.length - 1;
    const open = band.atLeast === undefined && band.atMost === undefined;
    if (last && !open) context.addIssue({ code: 'custom', path: [index], message: 'the last band catches every other score: leave out atLeast/atMost' });
    if (!last && open) context.addIssue({ code: 'custom', path: [index], message: 'only the last band may leave out atLeast/atMost' });
  });
});

/** How a score is summarised over a set of points. */
export const Aggregate = z.enum(['mean', 'weighted-mean', 'min', 'max']);
export type Aggregate = z.infer<typeof Aggregate>;

/** The set of organisations a relative method (quartiles, ranks, quantile bands) is computed within. */
export const Grouping = z.enum(['england', 'peer-type']);
export type Grouping = z.infer<typeof Grouping>;
