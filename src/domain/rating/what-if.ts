import { summarise } from './distribution.ts';
import { ENGINE_VERSION } from './engine-version.ts';
import { evaluate } from './evaluate.ts';
import { ratingInputHash } from './input-hash.ts';
import type { RatingInput } from './inputs.ts';
import { prepareRating, RatingInputError } from './prepare.ts';
import type { RatingRun, RunSummary } from './result.ts';
import { scoreIndicators } from './score-indicators.ts';
import { levelCode, scaleIndex } from './scales.ts';

// What-if: the same data under two rule sets. Distribution per level for each, the transition matrix, and
// every organisation that moves with the rule that decided its baseline and its candidate rating. Guard rails
// are checked on the candidate so a rule change that would publish nonsense is flagged before it goes forward.

export const NOT_RATED = 'not-rated';

export interface Mover {
  readonly org: string;
  readonly name: string;
  readonly from: string;
  readonly to: string;
  /** better / worse on the candidate's scale, or rated / unrated when one side has no rating. */
  readonly direction: 'better' | 'worse' | 'rated' | 'unrated' | 'changed';
  readonly baselineDecidedBy: string | null;
  readonly candidateDecidedBy: string | null;
}

export interface RunSide {
  readonly frameworkId: string;
  readonly frameworkVersion: number;
  readonly variant: string;
  readonly inputHash: string;
  readonly summary: RunSummary;
}

export interface WhatIfResult {
  readonly engineVersion: string;
  readonly baseline: RunSide;
  readonly candidate: RunSide;
  /** Row labels (baseline levels, best first, then not-rated). */
  readonly fromLevels: readonly string[];
  /** Column labels (candidate levels, best first, then not-rated). */
  readonly toLevels: readonly string[];
  /** transitions[row][column]: organisations at fromLevels[row] in the baseline and toLevels[column] in the candidate. */
  readonly transitions: readonly (readonly number[])[];
  /** Sorted by organisation code. */
  readonly movers: readonly Mover[];
  readonly unchanged: number;
}

interface Side {
  readonly info: RunSide;
  readonly levels: readonly string[];
  readonly headline: readonly (string | null)[];
  readonly decidedBy: readonly (string | null)[];
}

function compareSides(codes: readonly string[], names: readonly string[], baseline: Side, candidate: Side): WhatIfResult {
  const fromLevels = [...baseline.levels, NOT_RATED];
  const toLevels = [...candidate.levels, NOT_RATED];
  const transitions = fromLevels.map(() => new Array<number>(toLevels.length).fill(0));
  const movers: Mover[] = [];
  const sameScale = baseline.levels.join() === candidate.levels.join();
  codes.forEach((org, index) => {
    const from = baseline.headline[index] ?? NOT_RATED;
    const to = candidate.headline[index] ?? NOT_RATED;
    const row = transitions[fromLevels.indexOf(from)];
    if (row !== undefined) row[toLevels.indexOf(to)] = (row[toLevels.indexOf(to)] ?? 0) + 1;
    if (from === to) return;
    let direction: Mover['direction'] = 'changed';
    if (from === NOT_RATED) direction = 'rated';
    else if (to === NOT_RATED) direction = 'unrated';
    else if (sameScale) direction = candidate.levels.indexOf(to) < baseline.levels.indexOf(from) ? 'better' : 'worse';
    movers.push({ org, name: names[index] ?? org, from, to, direction, baselineDecidedBy: baseline.decidedBy[index] ?? null, candidateDecidedBy: candidate.decidedBy[index] ?? null });
  });
  return { engineVersion: ENGINE_VERSION, baseline: baseline.info, candidate: candidate.info, fromLevels, toLevels, transitions, movers, unchanged: codes.length - movers.length };
}

function sideOfRun(run: RatingRun, levels: readonly string[]): Side {
  return {
    info: { frameworkId: run.frameworkId, frameworkVersion: run.frameworkVersion, variant: run.variant, inputHash: run.inputHash, summary: run.summary },
    levels,
    headline: run.organisations.map((organisation) => organisation.headline),
    decidedBy: run.organisations.map((organisation) => organisation.decidedBy),
  };
}

/**
 * Compares two stored runs over the same organisations — any two framework versions or variants. Each run's
 * distribution lists its scale's levels, which is where the level order comes from.
 */
export function compareRuns(baseline: RatingRun, candidate: RatingRun): WhatIfResult {
  const codes = baseline.organisations.map((organisation) => organisation.org);
  if (codes.join('\u0000') !== candidate.organisations.map((organisation) => organisation.org).join('\u0000')) {
    throw new RatingInputError([{ where: 'what-if', message: 'the two runs must rate the same organisations' }]);
  }
  const levelsOf = (run: RatingRun): string[] => run.summary.distribution.map((entry) => entry.level);
  return compareSides(
    codes,
    baseline.organisations.map((organisation) => organisation.name),
    sideOfRun(baseline, levelsOf(baseline)),
    sideOfRun(candidate, levelsOf(candidate)),
  );
}

/**
 * Rates the same input under two variants of one framework and compares them. Indicators are scored once and
 * both pipelines run on the same scores, without traces, which is what makes 10,000 organisations fast.
 */
export function whatIf(input: Omit<RatingInput, 'variant'>, baselineVariant: string, candidateVariant: string): WhatIfResult {
  const baselinePrepared = prepareRating({ ...input, variant: baselineVariant });
  const candidateVariantDefinition = input.framework.variants.find((variant) => variant.id === candidateVariant);
  if (candidateVariantDefinition === undefined) {
    throw new RatingInputError([{ where: 'variant', message: `"${candidateVariant}" is not a variant of ${input.framework.id}` }]);
  }
  const candidatePrepared = { ...baselinePrepared, variant: candidateVariantDefinition };
  const scores = scoreIndicators(baselinePrepared, false);
  const scale = scaleIndex(input.framework, input.framework.headlineScale);
  let first: ReturnType<typeof evaluate> | undefined;
  const side = (prepared: typeof baselinePrepared): Side => {
    first = evaluate(prepared, scores, prepared.variant, null, first);
    const { outcomes } = first;
    const headline = outcomes.map((outcome) => levelCode(scale, outcome.level));
    return {
      info: {
        frameworkId: input.framework.id,
        frameworkVersion: input.framework.version,
        variant: prepared.variant.id,
        inputHash: ratingInputHash(prepared),
        summary: summarise(input.framework, headline),
      },
      levels: scale.codes,
      headline,
      decidedBy: outcomes.map((outcome) => outcome.decidedBy),
    };
  };
  return compareSides(
    baselinePrepared.organisations.map((org) => org.code),
    baselinePrepared.organisations.map((org) => org.name),
    side(baselinePrepared),
    side(candidatePrepared),
  );
}
