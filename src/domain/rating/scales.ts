import type { Framework } from '../frameworks/schema.ts';

// Levels are handled as indices into their scale, best first (0 = Outstanding, segment 1, …), so that a cap is
// a max() and a floor a min(), as the reference proposes (assurance-regime.md §9).

/** No level: not rated, or not yet set by the pipeline. */
export const NO_LEVEL = -1;
/** The domain does not apply to the organisation (delegated functions it does not hold). */
export const NOT_APPLICABLE_LEVEL = -2;

export interface ScaleIndex {
  readonly id: string;
  readonly codes: readonly string[];
  readonly labels: readonly string[];
  readonly index: ReadonlyMap<string, number>;
}

export function scaleIndex(framework: Framework, scaleId: string): ScaleIndex {
  const scale = framework.scales.find((candidate) => candidate.id === scaleId);
  if (scale === undefined) throw new Error(`framework ${framework.id} has no scale ${scaleId}`);
  const codes = scale.levels.map((level) => level.code);
  return { id: scale.id, codes, labels: scale.levels.map((level) => level.label), index: new Map(codes.map((code, position) => [code, position])) };
}

/** The index of a level code already checked against the scale by the framework's reference check. */
export function levelOf(scale: ScaleIndex, code: string): number {
  const position = scale.index.get(code);
  if (position === undefined) throw new Error(`"${code}" is not a level of scale ${scale.id}`);
  return position;
}

export function levelCode(scale: ScaleIndex, level: number): string | null {
  return level >= 0 ? (scale.codes[level] ?? null) : null;
}

/** Whether a level passes an is / atOrWorse / atOrBetter test (only one is set). */
export function passesLevelTest(scale: ScaleIndex, level: number, test: { is?: string | undefined; atOrWorse?: string | undefined; atOrBetter?: string | undefined }): boolean {
  if (level < 0) return false;
  if (test.is !== undefined) return level === levelOf(scale, test.is);
  if (test.atOrWorse !== undefined) return level >= levelOf(scale, test.atOrWorse);
  if (test.atOrBetter !== undefined) return level <= levelOf(scale, test.atOrBetter);
  return false;
}
