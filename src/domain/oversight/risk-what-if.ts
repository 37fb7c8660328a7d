import { longDate } from '../special-measures/calendar-months.ts';
import { DEFAULT_OVERSIGHT_CONFIG, type OversightConfig } from './config.ts';
import { type IntensityCircumstances, riskIntensity } from './cadence.ts';
import { INTENSITIES, type Intensity, RISK_LEVELS, type RiskStatus } from './levels.ts';
import { RISK_FACTOR_LABELS, type RiskFactor, riskScore, type RiskScore } from './risk.ts';
import type { RiskEvidence } from './risk-evidence.ts';
import type { RiskModel } from './risk-model.ts';

// What a change of the risk model would do before it is adopted, in the shape of the ratings' what-if: every
// CCG scored under both models, the transitions between levels and between intensities, and every CCG whose
// level or intensity would move. And what moved since last month: the score on the date beside the score a
// month before, factor by factor.

/** A CCG as the what-if reads it: its evidence on the date and what raises its intensity. */
export interface RiskSubject {
  readonly evidence: RiskEvidence;
  readonly circumstances: IntensityCircumstances;
}

/** Rows and columns of the level transitions: the levels least first, then not assessed. */
export const RISK_STATUSES: readonly RiskStatus[] = [...RISK_LEVELS, 'not-assessed'];

export interface RiskSide {
  readonly score: number;
  readonly level: RiskStatus;
  readonly intensity: Intensity;
}

export interface RiskMover {
  readonly organisationCode: string;
  readonly from: RiskSide;
  readonly to: RiskSide;
}

/** How many CCGs move from one level (or intensity) to another; only moves that happen. */
export interface RiskMove<T extends string> {
  readonly from: T;
  readonly to: T;
  readonly count: number;
}

export interface RiskWhatIf {
  readonly asOf: string;
  readonly organisations: number;
  /** levelTransitions[row][column]: CCGs at RISK_STATUSES[row] under the current model and RISK_STATUSES[column] under the proposed. */
  readonly levelTransitions: readonly (readonly number[])[];
  /** The same over INTENSITIES. */
  readonly intensityTransitions: readonly (readonly number[])[];
  readonly levelMoves: readonly RiskMove<RiskStatus>[];
  readonly intensityMoves: readonly RiskMove<Intensity>[];
  /** Every CCG whose level or intensity would change, by code. */
  readonly movers: readonly RiskMover[];
  readonly unchanged: number;
}

function square(size: number): number[][] {
  return Array.from({ length: size }, () => new Array<number>(size).fill(0));
}

function movesOf<T extends string>(labels: readonly T[], transitions: readonly (readonly number[])[]): RiskMove<T>[] {
  return labels.flatMap((from, row) => labels.flatMap((to, column) => (row === column || (transitions[row]?.[column] ?? 0) === 0 ? [] : [{ from, to, count: transitions[row]?.[column] ?? 0 }])));
}

function sideOf(subject: RiskSubject, model: RiskModel, asOf: string, config: OversightConfig): RiskSide {
  const scored = riskScore(subject.evidence, model, asOf);
  return { score: scored.score, level: scored.level, intensity: riskIntensity(scored.level, subject.circumstances, config).intensity };
}

export function whatIf(subjects: readonly RiskSubject[], currentModel: RiskModel, proposedModel: RiskModel, asOf: string, config: OversightConfig = DEFAULT_OVERSIGHT_CONFIG): RiskWhatIf {
  const levelTransitions = square(RISK_STATUSES.length);
  const intensityTransitions = square(INTENSITIES.length);
  const movers: RiskMover[] = [];
  for (const subject of subjects) {
    const from = sideOf(subject, currentModel, asOf, config);
    const to = sideOf(subject, proposedModel, asOf, config);
    const levels = levelTransitions[RISK_STATUSES.indexOf(from.level)];
    if (levels !== undefined) levels[RISK_STATUSES.indexOf(to.level)] = (levels[RISK_STATUSES.indexOf(to.level)] ?? 0) + 1;
    const intensities = intensityTransitions[INTENSITIES.indexOf(from.intensity)];
    if (intensities !== undefined) intensities[INTENSITIES.indexOf(to.intensity)] = (intensities[INTENSITIES.indexOf(to.intensity)] ?? 0) + 1;
    if (from.level !== to.level || from.intensity !== to.intensity) movers.push({ organisationCode: subject.evidence.organisationCode, from, to });
  }
  movers.sort((a, b) => a.organisationCode.localeCompare(b.organisationCode));
  return {
    asOf,
    organisations: subjects.length,
    levelTransitions,
    intensityTransitions,
    levelMoves: movesOf(RISK_STATUSES, levelTransitions),
    intensityMoves: movesOf(INTENSITIES, intensityTransitions),
    movers,
    unchanged: subjects.length - movers.length,
  };
}

export interface FactorMovement {
  readonly factor: RiskFactor;
  readonly label: string;
  readonly from: number;
  readonly to: number;
}

/** The score on a date against the score a month before. */
export interface RiskMovement {
  readonly previousAsOf: string;
  readonly previousScore: number;
  readonly previousLevel: RiskStatus;
  /** Points up (positive) or down since then. */
  readonly change: number;
  /** 'up' when the level is worse than it was, 'down' when better; 'changed' to or from not assessed. */
  readonly levelChange: 'up' | 'down' | 'changed' | 'none';
  /** The factors whose points changed, in the order of the explanation. */
  readonly factors: readonly FactorMovement[];
  readonly text: string;
}

export function riskMovement(current: RiskScore, previous: RiskScore): RiskMovement {
  const before = new Map(previous.factors.map((factor) => [factor.factor, factor.points]));
  const factors = current.factors.flatMap((factor) => {
    const from = before.get(factor.factor) ?? 0;
    return from === factor.points ? [] : [{ factor: factor.factor, label: RISK_FACTOR_LABELS[factor.factor], from, to: factor.points }];
  });
  const rank = (level: RiskStatus): number => RISK_LEVELS.indexOf(level as (typeof RISK_LEVELS)[number]);
  const levelChange =
    current.level === previous.level ? 'none' : current.level === 'not-assessed' || previous.level === 'not-assessed' ? 'changed' : rank(current.level) > rank(previous.level) ? 'up' : 'down';
  const change = current.score - previous.score;
  const moved = factors.map((factor) => `${factor.label.toLowerCase()} ${factor.to > factor.from ? '+' : '−'}${String(Math.abs(factor.to - factor.from))}`).join(', ');
  const text =
    factors.length === 0
      ? `No change since ${longDate(previous.asOf)}.`
      : `${change > 0 ? 'Up' : change < 0 ? 'Down' : 'Level'} ${String(Math.abs(change))} since ${longDate(previous.asOf)} (${moved}).`;
  return { previousAsOf: previous.asOf, previousScore: previous.score, previousLevel: previous.level, change, levelChange, factors, text };
}
