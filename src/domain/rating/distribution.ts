import type { Framework } from '../frameworks/schema.ts';
import type { DistributionEntry, GuardRailWarning, RunSummary } from './result.ts';
import { scaleIndex } from './scales.ts';

/** Count of organisations at each headline level (best first); null headlines count as not rated. */
export function distribution(framework: Framework, headlines: readonly (string | null)[]): DistributionEntry[] {
  const scale = scaleIndex(framework, framework.headlineScale);
  const rated = headlines.filter((headline) => headline !== null).length;
  return scale.codes.map((code, position) => {
    const count = headlines.filter((headline) => headline === code).length;
    return { level: code, label: scale.labels[position] ?? code, count, share: rated === 0 ? 0 : count / rated };
  });
}

/** The framework's guard rails that a distribution trips (share of rated organisations, or a count). */
export function guardRailWarnings(framework: Framework, entries: readonly DistributionEntry[]): GuardRailWarning[] {
  return framework.guardRails.flatMap((rail) => {
    const entry = entries.find((candidate) => candidate.level === rail.level);
    if (entry === undefined) return [];
    const tripped =
      (rail.warnWhenShareAbove !== undefined && entry.share > rail.warnWhenShareAbove) || (rail.warnWhenCountAtMost !== undefined && entry.count <= rail.warnWhenCountAtMost);
    return tripped ? [{ rail: rail.id, level: rail.level, count: entry.count, share: entry.share, message: rail.message }] : [];
  });
}

export function summarise(framework: Framework, headlines: readonly (string | null)[]): RunSummary {
  const entries = distribution(framework, headlines);
  const rated = headlines.filter((headline) => headline !== null).length;
  return { rated, notRated: headlines.length - rated, distribution: entries, warnings: guardRailWarnings(framework, entries) };
}
