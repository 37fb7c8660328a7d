import type { Step, Variant } from '../frameworks/schema-rules.ts';
import { quantileBands } from '../statistics/quantile-banding.ts';
import { bandFor, summarisePoints } from './aggregate-points.ts';
import { type ConditionContext, describeCondition, holds } from './conditions.ts';
import { groupSlots, perGroup } from './groupings.ts';
import { GROUP_STATUS, type GroupResults, pointsPolarity } from './groups.ts';
import type { RuleTrace } from './result.ts';
import { levelCode, levelOf, NO_LEVEL } from './scales.ts';

// The headline pipeline: the variant's ordered steps applied to one organisation at a time. Every step leaves
// a trace line (fired or not, level before and after); the last step that changed the level decided it.

/** Scores over all counted indicators, computed for the whole population before any organisation's pipeline. */
export interface HeadlineScores {
  readonly score: Float64Array;
  readonly coverage: Float64Array;
  /** The level each organisation's score gives (NO_LEVEL where it has no score). */
  readonly level: Int16Array;
}

export interface PipelineContext extends ConditionContext {
  readonly variant: Variant;
  readonly headlineScores: ReadonlyMap<string, HeadlineScores>;
  /** Reason the organisation cannot be rated at all (a data rule said "not rated"), or null. */
  readonly notRatedByData: readonly (string | null)[];
}

export interface PipelineOutcome {
  readonly level: number;
  readonly decidedBy: string | null;
  readonly score: number;
  readonly notRatedReason: string | null;
}

/** Precomputes the population-wide scores of the variant's score-bands and quantile-bands steps. */
export function headlineScores(context: ConditionContext, variant: Variant, points: readonly Float64Array[]): Map<string, HeadlineScores> {
  const { prepared } = context;
  const size = prepared.organisations.length;
  const result = new Map<string, HeadlineScores>();
  for (const step of variant.pipeline) {
    if (step.type !== 'score-bands' && step.type !== 'quantile-bands') continue;
    const counted = (domain: string): boolean => step.domains === undefined || step.domains.includes(domain);
    const members = prepared.columns.flatMap((columns, position) => (columns.indicator.role === 'scored' && counted(columns.indicator.domain) ? [position] : []));
    const weights = members.map((position) => prepared.columns[position]?.indicator.weight ?? 1);
    const score = new Float64Array(size).fill(Number.NaN);
    const coverage = new Float64Array(size);
    for (let slot = 0; slot < size; slot++) {
      const summary = summarisePoints(points, members, weights, slot, step.aggregate);
      coverage[slot] = summary.coverage;
      if (summary.used > 0 && summary.coverage >= prepared.framework.dataRules.minimumCoverage) score[slot] = summary.score;
    }
    const level = new Int16Array(size).fill(NO_LEVEL);
    if (step.type === 'score-bands') {
      score.forEach((value, slot) => {
        const band = bandFor(step.bands, value);
        if (band >= 0) level[slot] = levelOf(context.headlineScale, step.bands[band]?.level ?? '');
      });
    } else {
      const bands = perGroup(score, groupSlots(prepared.organisations, step.within), (values) => quantileBands(values, step.levels.length, pointsPolarity(prepared)));
      bands.forEach((band, slot) => {
        if (!Number.isNaN(band)) level[slot] = levelOf(context.headlineScale, step.levels[band - 1] ?? '');
      });
    }
    result.set(step.id, { score, coverage, level });
  }
  return result;
}

/** Combines domain levels (indices, best first) by worst, best, mode or median. */
export function combineLevels(levels: readonly number[], method: 'worst' | 'best' | 'mode' | 'median', tieBreak: 'worse' | 'better'): number {
  if (levels.length === 0) return NO_LEVEL;
  const sorted = levels.length === 1 ? levels : Int16Array.from(levels).sort();
  if (method === 'worst') return sorted[sorted.length - 1] ?? NO_LEVEL;
  if (method === 'best') return sorted[0] ?? NO_LEVEL;
  if (method === 'median') {
    const upper = sorted[Math.floor(sorted.length / 2)] ?? NO_LEVEL;
    const lower = sorted[Math.floor((sorted.length - 1) / 2)] ?? NO_LEVEL;
    return tieBreak === 'worse' ? Math.max(lower, upper) : Math.min(lower, upper);
  }
  // Mode: walk the sorted levels in runs; sorted best first, so a later run of equal length is worse.
  let chosen = NO_LEVEL;
  let most = 0;
  let start = 0;
  while (start < sorted.length) {
    let end = start;
    while (end + 1 < sorted.length && sorted[end + 1] === sorted[start]) end++;
    const count = end - start + 1;
    if (count > most || (count === most && tieBreak === 'worse')) {
      chosen = sorted[start] ?? NO_LEVEL;
      most = count;
    }
    start = end + 1;
  }
  return chosen;
}

interface StepResult {
  readonly level: number;
  readonly fired: boolean;
  readonly detail: string;
  readonly decidedBy?: string;
  readonly score?: number;
  readonly notRatedReason?: string;
  readonly extra?: Partial<RuleTrace>;
}

function combine(context: PipelineContext, step: Extract<Step, { type: 'combine' }>, slot: number, tracing: boolean): StepResult {
  const positions = step.of?.map((id) => context.domainIndex.get(id) ?? -1) ?? context.levelledDomains;
  const levels: number[] = [];
  let notRated: GroupResults[] | null = null;
  for (const position of positions) {
    const domain = context.domains[position];
    if (domain === undefined) continue;
    if (domain.status[slot] === GROUP_STATUS.notRated) (notRated ??= []).push(domain);
    else if (domain.status[slot] === GROUP_STATUS.rated) levels.push(domain.level[slot] ?? NO_LEVEL);
  }
  if (notRated !== null && context.prepared.framework.dataRules.domainNotRated === 'headline-not-rated') {
    const names = notRated.map((domain) => domain.id).join(', ');
    return { level: NO_LEVEL, fired: true, detail: `not rated: ${names} could not be rated`, notRatedReason: `domain ${names} could not be rated and the framework does not rate on fewer domains` };
  }
  const level = combineLevels(levels, step.method, step.tieBreak);
  if (level === NO_LEVEL) return { level, fired: true, detail: 'no domain could be rated', notRatedReason: 'no domain could be rated' };
  if (!tracing) return { level, fired: true, detail: '' };
  const listed = positions
    .map((position) => context.domains[position])
    .filter((domain): domain is GroupResults => domain?.status[slot] === GROUP_STATUS.rated)
    .map((domain) => `${domain.id} ${levelCode(domain.scale, domain.level[slot] ?? NO_LEVEL) ?? '?'}`)
    .join(', ');
  const fewer = notRated === null ? '' : `; rated on fewer domains (${notRated.map((domain) => domain.id).join(', ')} not rated)`;
  return { level, fired: true, detail: `${step.method} of ${listed}${fewer}` };
}

function applyStep(context: PipelineContext, step: Step, slot: number, level: number, tracing: boolean): StepResult {
  const scale = context.headlineScale;
  switch (step.type) {
    case 'combine':
      return combine(context, step, slot, tracing);
    case 'score-bands':
    case 'quantile-bands': {
      const scores = context.headlineScores.get(step.id);
      const score = scores?.score[slot] ?? Number.NaN;
      const banded = scores?.level[slot] ?? NO_LEVEL;
      if (banded === NO_LEVEL) {
        const coverage = ((scores?.coverage[slot] ?? 0) * 100).toFixed(0);
        return { level: NO_LEVEL, fired: true, detail: `no score: ${coverage}% of indicator weight scored`, notRatedReason: `only ${coverage}% of indicator weight was scored` };
      }
      const how = step.type === 'score-bands' ? 'bands' : `${step.levels.length} quantiles within ${step.within}`;
      return { level: banded, fired: true, detail: `${step.aggregate} score ${score.toFixed(2)} → ${levelCode(scale, banded) ?? ''} by ${how}`, score };
    }
    case 'first-match': {
      for (const entry of step.cases) {
        if (holds(context, entry.when, slot, level)) {
          return { level: levelOf(scale, entry.level), fired: true, detail: tracing ? `case ${entry.id}: ${describeCondition(entry.when)}` : '', decidedBy: entry.id, extra: { case: entry.id } };
        }
      }
      if (step.otherwise !== undefined) return { level: levelOf(scale, step.otherwise.level), fired: true, detail: `no case held: ${step.otherwise.id}`, decidedBy: step.otherwise.id, extra: { case: step.otherwise.id } };
      return { level, fired: false, detail: 'no case held' };
    }
    case 'limiter': {
      if (!holds(context, step.when, slot, level)) return { level, fired: false, detail: tracing ? `does not apply: not (${describeCondition(step.when)})` : '' };
      const because = tracing ? describeCondition(step.when) : '';
      // A limiter on a flag carries who recorded the flag and why (the legal directions in force, by name).
      const flag = step.when.flag === undefined ? undefined : context.prepared.judgements.get(step.when.flag)?.[slot];
      const recorded = flag === undefined ? {} : { extra: { recordedBy: flag.recordedBy, rationale: flag.rationale ?? null } };
      if (step.cap !== undefined) return { level: Math.max(level, levelOf(scale, step.cap)), fired: true, detail: `${because}: no better than ${step.cap}`, ...recorded };
      if (step.floor !== undefined) return { level: Math.min(level, levelOf(scale, step.floor)), fired: true, detail: `${because}: no worse than ${step.floor}`, ...recorded };
      return { level: levelOf(scale, step.set ?? ''), fired: true, detail: `${because}: set to ${step.set ?? ''}`, ...recorded };
    }
    case 'judgement': {
      const recorded = context.prepared.judgements.get(step.judgement)?.[slot];
      if (recorded === undefined || typeof recorded.value !== 'string' || !scale.index.has(recorded.value)) return { level, fired: false, detail: `no "${step.judgement}" judgement recorded` };
      return {
        level: levelOf(scale, recorded.value),
        fired: true,
        detail: `judgement ${step.judgement} = ${recorded.value}, recorded by ${recorded.recordedBy}`,
        extra: { recordedBy: recorded.recordedBy, rationale: recorded.rationale ?? null },
      };
    }
    case 'moderation': {
      const override = context.prepared.overrides[slot];
      if (override === undefined) return { level, fired: false, detail: 'no moderation override' };
      return {
        level: levelOf(scale, override.level),
        fired: true,
        detail: `moderated to ${override.level}: ${override.rationale}`,
        extra: { rationale: override.rationale, approvedBy: override.approvedBy },
      };
    }
  }
}

/**
 * Runs the variant's pipeline for one organisation. With `trace` it appends one line per step; without, it
 * only computes the outcome (the what-if and resampling loops).
 */
export function runPipeline(context: PipelineContext, slot: number, trace: RuleTrace[] | null): PipelineOutcome {
  const dataReason = context.notRatedByData[slot] ?? null;
  if (dataReason !== null) return { level: NO_LEVEL, decidedBy: null, score: Number.NaN, notRatedReason: dataReason };
  const scale = context.headlineScale;
  let level = NO_LEVEL;
  let decidedBy: string | null = null;
  let score = Number.NaN;
  for (const step of context.variant.pipeline) {
    const started = step.type === 'combine' || step.type === 'score-bands' || step.type === 'quantile-bands' || step.type === 'first-match';
    if (level === NO_LEVEL && !started) {
      trace?.push({ step: step.id, type: step.type, fired: false, changed: false, before: null, after: null, detail: 'skipped: no headline yet', basis: step.basis.status });
      continue;
    }
    const result = applyStep(context, step, slot, level, trace !== null);
    const changed = result.level !== level;
    trace?.push({
      step: step.id,
      type: step.type,
      fired: result.fired,
      changed,
      before: levelCode(scale, level),
      after: levelCode(scale, result.level),
      detail: result.detail,
      basis: step.basis.status,
      ...result.extra,
    });
    if (result.score !== undefined) score = result.score;
    if (result.notRatedReason !== undefined) return { level: NO_LEVEL, decidedBy: step.id, score, notRatedReason: result.notRatedReason };
    if (changed || result.decidedBy !== undefined) decidedBy = result.decidedBy ?? step.id;
    level = result.level;
  }
  return { level, decidedBy, score, notRatedReason: level === NO_LEVEL ? 'no step gave a headline' : null };
}
