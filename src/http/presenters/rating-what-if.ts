import type { Framework } from '../../domain/frameworks/schema.ts';
import type { RunSummary } from '../../domain/rating/result.ts';
import { NOT_RATED, type RunSide, type WhatIfResult } from '../../domain/rating/what-if.ts';
import { formatShare } from '../../domain/rating/wording.ts';
import type { DatasetRecord } from '../../db/repositories/datasets.ts';
import { type DistributionChart, type DistributionSeries, distributionChart } from '../charts/distribution-chart.ts';
import { FrameworkVocabulary } from './framework.ts';
import { guardRailItems, organisationNoun, presentDataset, presentSummaryFields, variantName } from './rating-run.ts';

// What-if comparisons (the simulate page, the calibration page and the simulations API): both distributions,
// the transition matrix and every organisation that moves with the rule that moved it.

/** The JSON API's shape of a simulation. */
export function presentSimulation(result: WhatIfResult, framework: Framework, frameworkVersionId: string, dataset: DatasetRecord) {
  const side = (info: RunSide) => ({
    framework: { versionId: frameworkVersionId, title: framework.title },
    variant: { id: info.variant, name: variantName(framework, info.variant) },
    inputHash: info.inputHash,
    ...presentSummaryFields(info.summary),
  });
  return {
    engineVersion: result.engineVersion,
    dataset: presentDataset(dataset),
    baseline: side(result.baseline),
    candidate: side(result.candidate),
    fromLevels: [...result.fromLevels],
    toLevels: [...result.toLevels],
    transitions: result.transitions.map((row) => [...row]),
    movers: result.movers.map(({ org, ...mover }) => ({ code: org, ...mover })),
    unchanged: result.unchanged,
  };
}

/** A level code as people read it: the framework's label, "Not rated" for organisations without a headline. */
export function levelLabeller(framework: Framework, frameworkVersionId: string): (code: string) => string {
  const vocabulary = new FrameworkVocabulary(frameworkVersionId, framework);
  return (code) => (code === NOT_RATED ? 'Not rated' : vocabulary.headlineLevel(code));
}

/** Counts per level of a side, aligned with the comparison's levels (the candidate's, then not rated). */
function countsOn(summary: RunSummary, levels: readonly string[]): number[] {
  return levels.map((level) => (level === NOT_RATED ? summary.notRated : (summary.distribution.find((entry) => entry.level === level)?.count ?? 0)));
}

function shareOf(count: number, summary: RunSummary): string {
  const total = summary.rated + summary.notRated;
  return formatShare(total === 0 ? 0 : count / total);
}

/** The levels both sides are shown on: the candidate's, with not rated only when either side has any. */
export function comparedLevels(result: WhatIfResult): string[] {
  const anyNotRated = result.baseline.summary.notRated + result.candidate.summary.notRated > 0;
  return result.toLevels.filter((level) => level !== NOT_RATED || anyNotRated);
}

/** Both distributions side by side, one row per level. */
function comparisonRows(result: WhatIfResult, label: (code: string) => string) {
  const levels = comparedLevels(result);
  const baseline = countsOn(result.baseline.summary, levels);
  const candidate = countsOn(result.candidate.summary, levels);
  return levels.map((level, index) => {
    const from = baseline[index] ?? 0;
    const to = candidate[index] ?? 0;
    return { label: label(level), baseline: String(from), baselineShare: shareOf(from, result.baseline.summary), candidate: String(to), candidateShare: shareOf(to, result.candidate.summary) };
  });
}

/** Both distributions (and any further series, such as a published one) as one grouped bar chart. */
export function comparisonChart(
  result: WhatIfResult,
  label: (code: string) => string,
  names: { readonly baseline: string; readonly candidate: string },
  chart: { readonly id: string; readonly title: string; readonly unit: string; readonly extra?: readonly DistributionSeries[] },
): DistributionChart {
  const levels = comparedLevels(result);
  const series: DistributionSeries[] = [
    { name: names.baseline, counts: countsOn(result.baseline.summary, levels) },
    { name: names.candidate, counts: countsOn(result.candidate.summary, levels) },
    ...(chart.extra ?? []),
  ];
  const describe = (entry: DistributionSeries) =>
    `${entry.name}: ${levels.map((level, index) => `${label(level)} ${entry.counts[index] === null || entry.counts[index] === undefined ? 'not known' : String(entry.counts[index])}`).join(', ')}`;
  return distributionChart({
    id: chart.id,
    title: chart.title,
    description: `${series.map(describe).join('. ')}. The same figures are in the table beside the chart.`,
    levels: levels.map(label),
    series,
    unit: chart.unit,
  });
}

/** The transition matrix with its row (baseline) and column (candidate) headers; rows and columns no organisation is in are left out. */
export function transitionMatrix(result: WhatIfResult, label: (code: string) => string) {
  const rowTotals = result.transitions.map((row) => row.reduce((sum, count) => sum + count, 0));
  const columnTotals = result.toLevels.map((_level, column) => result.transitions.reduce((sum, row) => sum + (row[column] ?? 0), 0));
  const keepRow = (level: string, index: number) => level !== NOT_RATED || (rowTotals[index] ?? 0) > 0;
  const keepColumn = (level: string, index: number) => level !== NOT_RATED || (columnTotals[index] ?? 0) > 0;
  const columns = result.toLevels.map((level, index) => ({ level, index })).filter(({ level, index }) => keepColumn(level, index));
  return {
    columns: columns.map(({ level }) => label(level)),
    rows: result.fromLevels
      .map((level, index) => ({ level, index }))
      .filter(({ level, index }) => keepRow(level, index))
      .map(({ level, index }) => ({
        label: label(level),
        cells: columns.map((column) => ({ count: String(result.transitions[index]?.[column.index] ?? 0), unchanged: level === column.level })),
      })),
  };
}

const DIRECTIONS: Readonly<Record<WhatIfResult['movers'][number]['direction'], string>> = {
  better: 'Better',
  worse: 'Worse',
  rated: 'Now rated',
  unrated: 'No longer rated',
  changed: 'Changed',
};

/** Every organisation that moves, with the rule that decided it on each side. */
function moverRows(result: WhatIfResult, label: (code: string) => string) {
  return result.movers.map((mover) => ({
    code: mover.org,
    name: mover.name,
    from: label(mover.from),
    to: label(mover.to),
    direction: DIRECTIONS[mover.direction],
    baselineRule: mover.baselineDecidedBy ?? '',
    candidateRule: mover.candidateDecidedBy ?? '',
  }));
}

/** What the two sides are called, and the chart's element id (unique on its page). */
export interface ComparisonNames {
  readonly baseline: string;
  readonly candidate: string;
  readonly chartId: string;
}

/** Two rule variants: each side named by its variant. */
function variantNames(result: WhatIfResult, framework: Framework): ComparisonNames {
  return {
    baseline: `Baseline: ${variantName(framework, result.baseline.variant) ?? result.baseline.variant}`,
    candidate: `Candidate: ${variantName(framework, result.candidate.variant) ?? result.candidate.variant}`,
    chartId: 'simulation',
  };
}

/**
 * The simulate page's result: both distributions, the candidate's guard rails, the transition matrix and the
 * movers. Sides are named by their rule variants unless `names` says otherwise (a round's moderation compares
 * one variant with and without overrides).
 */
export function simulationPage(result: WhatIfResult, framework: Framework, frameworkVersionId: string, names: ComparisonNames = variantNames(result, framework)) {
  const label = levelLabeller(framework, frameworkVersionId);
  const unit = organisationNoun(framework);
  return {
    unit,
    chart: comparisonChart(result, label, names, { id: names.chartId, title: `Headline ratings under ${names.baseline.toLowerCase()} and ${names.candidate.toLowerCase()}`, unit }),
    tableRows: comparisonRows(result, label).map((row) => [row.label, row.baseline, row.baselineShare, row.candidate, row.candidateShare]),
    candidateWarnings: guardRailItems(result.candidate.summary, unit),
    baselineWarnings: guardRailItems(result.baseline.summary, unit),
    matrix: transitionMatrix(result, label),
    movers: moverRows(result, label),
    unchanged: result.unchanged,
    engineVersion: result.engineVersion,
  };
}
