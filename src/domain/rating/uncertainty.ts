import { ENGINE_VERSION } from './engine-version.ts';
import { DRAW_MODE, type PointsSampler, pointsFromRuns, pointsOnSteps, pointsSampler, usesObservedDistribution } from './observed-distribution.ts';
import { evaluate } from './evaluate.ts';
import { ratingInputHash } from './input-hash.ts';
import type { RatingInput } from './inputs.ts';
import { type IndicatorColumns, prepareRating, type PreparedRating, RatingInputError, VALUE_STATUS } from './prepare.ts';
import { type Random, sampleBinomial, samplePoisson, seededRandom } from './random.ts';
import { scoreIndicator, type IndicatorScores } from './score-indicators.ts';
import { scaleIndex } from './scales.ts';

// Rating uncertainty: how often each organisation would get each rating if its indicators were measured
// again. Each draw resamples every usable numeric value from its sampling distribution — binomial for
// proportions, Poisson for counts, normal from the reported 95% interval otherwise — scores it and re-runs the
// pipeline. Quartile and rank indicators are scored against the observed distribution (the other
// organisations held fixed: observed-distribution.ts); comparisons and standards are re-scored in full.
// Categories and judgements do not move.

export interface UncertaintyOptions {
  readonly draws: number;
  readonly seed: number;
  /** A rating whose most likely level has a probability below this is flagged fragile (e.g. 0.8). */
  readonly fragileBelow: number;
}

export interface LevelProbability {
  readonly level: string;
  readonly probability: number;
}

export interface OrganisationUncertainty {
  readonly org: string;
  /** The rating on the data as observed (no resampling). */
  readonly observed: string | null;
  /** Probability of each headline level, best first, then not-rated. */
  readonly probabilities: readonly LevelProbability[];
  readonly mostLikely: string;
  readonly mostLikelyProbability: number;
  readonly fragile: boolean;
}

export interface UncertaintyResult {
  readonly engineVersion: string;
  readonly frameworkId: string;
  readonly frameworkVersion: number;
  readonly variant: string;
  readonly inputHash: string;
  readonly draws: number;
  readonly seed: number;
  readonly fragileBelow: number;
  readonly fragileCount: number;
  /** Sorted by organisation code. */
  readonly organisations: readonly OrganisationUncertainty[];
}

const Z95 = 1.959963984540054;

/** Working copies of an indicator's resampled columns, reused by every draw. */
interface DrawColumns {
  readonly source: IndicatorColumns;
  readonly copy: IndicatorColumns;
  /** Whether this indicator has anything to resample at all. */
  readonly resampled: boolean;
}

function drawColumns(columns: IndicatorColumns): DrawColumns {
  const numeric = columns.indicator.dataType !== 'categorical' && columns.indicator.dataType !== 'judgement';
  return {
    source: columns,
    copy: { ...columns, value: Float64Array.from(columns.value), numerator: Float64Array.from(columns.numerator), lower95: Float64Array.from(columns.lower95), upper95: Float64Array.from(columns.upper95) },
    resampled: numeric,
  };
}

/** Resamples one usable value into the draw's copy of the columns. */
function resampleSlot(random: Random, source: IndicatorColumns, copy: IndicatorColumns, slot: number): void {
  const x = source.numerator[slot] ?? Number.NaN;
  const n = source.denominator[slot] ?? Number.NaN;
  if (!Number.isNaN(x) && !Number.isNaN(n)) {
    const drawn = source.indicator.dataType === 'proportion' ? sampleBinomial(random, n, x / n) : samplePoisson(random, x);
    copy.numerator[slot] = drawn;
    copy.value[slot] = (drawn / n) * source.multiplier;
    return;
  }
  const lower = source.lower95[slot] ?? Number.NaN;
  const upper = source.upper95[slot] ?? Number.NaN;
  if (Number.isNaN(lower) || Number.isNaN(upper)) return;
  // Normal on the reported interval; the interval moves with the value and keeps its width.
  const shift = ((upper - lower) / (2 * Z95)) * random.normal();
  copy.value[slot] = (source.value[slot] ?? 0) + shift;
  copy.lower95[slot] = lower + shift;
  copy.upper95[slot] = upper + shift;
}

function resample(random: Random, draw: DrawColumns): void {
  for (let slot = 0; slot < draw.source.value.length; slot++) {
    if (draw.source.status[slot] === VALUE_STATUS.usable) resampleSlot(random, draw.source, draw.copy, slot);
  }
}

/** Points for one draw of a quartile or rank indicator, scored against the observed distribution. */
function drawPoints(random: Random, draw: DrawColumns, observed: IndicatorScores, sampler: PointsSampler): Float64Array {
  const points = Float64Array.from(observed.points);
  for (let slot = 0; slot < points.length; slot++) {
    const mode = sampler.mode[slot];
    if (mode === DRAW_MODE.runs) points[slot] = pointsFromRuns(sampler, slot, random.uniform());
    else if (mode === DRAW_MODE.value) {
      resampleSlot(random, draw.source, draw.copy, slot);
      const steps = sampler.stepsOf[slot];
      if (steps !== undefined) points[slot] = pointsOnSteps(steps, draw.copy.value[slot] ?? Number.NaN);
    }
  }
  return points;
}

/**
 * The probability of each rating for every organisation under sampling noise, from `draws` seeded resamples.
 * Deterministic for a given input and seed.
 */
export function ratingUncertainty(input: RatingInput, options: UncertaintyOptions): UncertaintyResult {
  const problems = [
    ...(Number.isInteger(options.draws) && options.draws >= 1 ? [] : [{ where: 'draws', message: `${options.draws} must be a whole number of at least 1` }]),
    ...(Number.isInteger(options.seed) ? [] : [{ where: 'seed', message: `${options.seed} must be a whole number` }]),
    ...(options.fragileBelow > 0 && options.fragileBelow <= 1 ? [] : [{ where: 'fragileBelow', message: `${options.fragileBelow} must be above 0 and at most 1` }]),
  ];
  if (problems.length > 0) throw new RatingInputError(problems);
  const prepared = prepareRating(input);
  const scale = scaleIndex(prepared.framework, prepared.framework.headlineScale);
  const levels = scale.codes.length;
  const size = prepared.organisations.length;
  const observedScores = prepared.columns.map((columns) => scoreIndicator(prepared, columns, false));
  const observed = evaluate(prepared, observedScores, prepared.variant, null).outcomes;
  // Counts per organisation: one slot per level, the last for not rated.
  const counts = new Uint32Array(size * (levels + 1));
  const random = seededRandom(options.seed);
  const draws = prepared.columns.map(drawColumns);
  const drawPrepared: PreparedRating = { ...prepared, columns: draws.map((draw) => draw.copy) };
  const samplers = observedScores.map((score) => (usesObservedDistribution(score.columns) ? pointsSampler(prepared, score) : null));
  for (let draw = 0; draw < options.draws; draw++) {
    const scores: IndicatorScores[] = draws.map((columns, position) => {
      const observedScore = observedScores[position] as IndicatorScores;
      if (!columns.resampled) return observedScore;
      const sampler = samplers[position] ?? null;
      if (sampler !== null) return { ...observedScore, points: drawPoints(random, columns, observedScore, sampler) };
      resample(random, columns);
      return scoreIndicator(drawPrepared, columns.copy, false);
    });
    const { outcomes } = evaluate(drawPrepared, scores, prepared.variant, null);
    outcomes.forEach((outcome, slot) => {
      const index = slot * (levels + 1) + (outcome.level >= 0 ? outcome.level : levels);
      counts[index] = (counts[index] ?? 0) + 1;
    });
  }
  const labels = [...scale.codes, 'not-rated'];
  const organisations = prepared.organisations.map((org, slot): OrganisationUncertainty => {
    const probabilities = labels.map((level, index) => ({ level, probability: (counts[slot * (levels + 1) + index] ?? 0) / options.draws }));
    const best = probabilities.reduce((top, entry) => (entry.probability > top.probability ? entry : top));
    const level = observed[slot]?.level ?? -1;
    return {
      org: org.code,
      observed: level >= 0 ? (scale.codes[level] ?? null) : null,
      probabilities,
      mostLikely: best.level,
      mostLikelyProbability: best.probability,
      fragile: best.probability < options.fragileBelow,
    };
  });
  return {
    engineVersion: ENGINE_VERSION,
    frameworkId: prepared.framework.id,
    frameworkVersion: prepared.framework.version,
    variant: prepared.variant.id,
    inputHash: ratingInputHash(prepared),
    draws: options.draws,
    seed: options.seed,
    fragileBelow: options.fragileBelow,
    fragileCount: organisations.filter((organisation) => organisation.fragile).length,
    organisations,
  };
}
