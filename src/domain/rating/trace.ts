import { COMPARISON, comparisonLabel } from '../statistics/compare.ts';
import { GROUP_STATUS, type GroupResults } from './groups.ts';
import { type PreparedRating, VALUE_STATUS } from './prepare.ts';
import type { DataFlag, GroupTrace, IndicatorTrace, IntervalTrace } from './result.ts';
import { actionFor, type IndicatorScores, STANDARD_OUTCOME } from './score-indicators.ts';
import { levelCode } from './scales.ts';

// Builds the per-organisation explanation objects from the engine's columns.

const nullable = (value: number | undefined): number | null => (value === undefined || !Number.isFinite(value) ? null : value);
const STATUS_NAMES = ['scored', 'missing', 'stale', 'small-denominator'] as const;
const GROUP_STATUS_NAMES = ['rated', 'not-rated', 'not-applicable', 'no-level'];
const STANDARD_WORDS = ['', 'met', 'within-tolerance', 'not-met'];

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(Math.abs(value) >= 100 ? 1 : 2);
}

function describeMethod(trace: Omit<IndicatorTrace, 'explanation'>, standard: number | undefined): string {
  switch (trace.method) {
    case 'national-quartile':
      return `quartile ${trace.position ?? '—'} of ${trace.groupSize ?? '—'} organisations`;
    case 'rank-scaled':
      return `rank ${trace.position ?? '—'} of ${trace.groupSize ?? '—'}`;
    case 'ci-comparison':
      return `${trace.comparison ?? 'not compared'} than ${trace.reference?.kind ?? 'reference'} ${trace.reference === null ? '' : formatNumber(trace.reference.value)}`;
    case 'against-standard':
      return `standard ${standard === undefined ? '' : formatNumber(standard)}: ${trace.comparison ?? ''}`;
    default:
      return trace.method === 'judgement' ? 'judgement' : 'category';
  }
}

function explain(trace: Omit<IndicatorTrace, 'explanation'>, standard: number | undefined): string {
  const head = `${trace.indicator} ${trace.name}: `;
  if (trace.status !== 'scored' && trace.status !== 'not-compared') return `${head}${trace.status.replace('-', ' ')}; ${trace.action ?? 'excluded'}${trace.points === null ? '' : ` → ${trace.points} points`}`;
  const shown = trace.category ?? (trace.value === null ? '—' : `${formatNumber(trace.value)}${trace.unit === '%' ? '%' : ` ${trace.unit}`}`);
  const interval = trace.intervals[0] === undefined ? '' : ` (95% CI ${formatNumber(trace.intervals[0].lower)}–${formatNumber(trace.intervals[0].upper)})`;
  const how = describeMethod(trace, standard);
  const contextual = trace.role === 'contextual' ? ' (contextual: not counted)' : '';
  return `${head}${shown}${interval}; ${how} → ${trace.points === null ? 'not scored' : `${formatNumber(trace.points)} points`}${contextual}${trace.synthetic ? ' [synthetic]' : ''}`;
}

export function indicatorTrace(prepared: PreparedRating, score: IndicatorScores, slot: number): IndicatorTrace {
  const { columns } = score;
  const { indicator } = columns;
  const code = score.status[slot] ?? VALUE_STATUS.missing;
  const intervals: IntervalTrace[] = [];
  const lower95 = nullable(score.lower95[slot]);
  const upper95 = nullable(score.upper95[slot]);
  if (lower95 !== null && upper95 !== null) intervals.push({ level: 95, lower: lower95, upper: upper95 });
  const lower998 = nullable(score.lower998[slot]);
  const upper998 = nullable(score.upper998[slot]);
  if (lower998 !== null && upper998 !== null) intervals.push({ level: 99.8, lower: lower998, upper: upper998 });
  const method = indicator.scoring.method;
  const usable = code === VALUE_STATUS.usable;
  const reference = nullable(score.reference[slot]);
  let comparison: string | null = null;
  if (usable && method === 'ci-comparison') comparison = comparisonLabel(score.comparison[slot] ?? COMPARISON.notCompared, indicator.polarity).toLowerCase();
  if (usable && method === 'against-standard') comparison = STANDARD_WORDS[score.standardOutcome[slot] ?? STANDARD_OUTCOME.none] ?? null;
  const points = nullable(score.points[slot]);
  const judged = score.judged[slot] ?? null;
  const base = {
    indicator: indicator.code,
    name: indicator.name,
    domain: indicator.domain,
    unit: indicator.unit,
    method,
    value: nullable(columns.value[slot]),
    numerator: nullable(columns.numerator[slot]),
    denominator: nullable(columns.denominator[slot]),
    category: judged ?? columns.category[slot] ?? null,
    intervals,
    reference: reference === null ? null : { kind: indicator.comparator, value: reference },
    comparison,
    position: usable ? nullable(score.position[slot]) : null,
    groupSize: usable ? nullable(score.groupSize[slot]) : null,
    points,
    status: usable && points === null ? 'not-compared' : (STATUS_NAMES[code] ?? 'missing'),
    action: actionFor(prepared, code),
    synthetic: columns.synthetic[slot] === 1,
    source: columns.source[slot] ?? null,
    periodEnd: columns.periodEnd[slot] ?? null,
    role: indicator.role,
  } satisfies Omit<IndicatorTrace, 'explanation'>;
  return { ...base, explanation: explain(base, indicator.standard) };
}

export function groupTrace(group: GroupResults, slot: number): GroupTrace {
  const level = levelCode(group.scale, group.level[slot] ?? -1);
  return {
    id: group.id,
    name: group.name,
    method: group.method,
    level,
    label: level === null ? null : (group.scale.labels[group.scale.index.get(level) ?? -1] ?? null),
    status: GROUP_STATUS_NAMES[group.status[slot] ?? 0] ?? 'rated',
    score: nullable(group.score[slot]),
    indicatorsUsed: group.used[slot] ?? 0,
    indicatorsCounted: group.members.length,
    reason: group.reason[slot] ?? null,
  };
}

/** Every data problem behind a rating, so none passes silently. */
export function dataFlags(indicators: readonly IndicatorTrace[], domains: readonly GroupResults[], slot: number, domainNotRated: string): DataFlag[] {
  const flags: DataFlag[] = indicators.flatMap((trace): DataFlag[] => {
    if (trace.status === 'scored') return [];
    if (trace.status === 'not-compared') return [{ kind: 'not-compared', subject: trace.indicator, action: 'exclude', detail: `${trace.indicator} has a value but no interval or reference to compare it with` }];
    const kind = trace.status === 'stale' ? 'stale' : trace.status === 'small-denominator' ? 'small-denominator' : 'missing';
    return [{ kind, subject: trace.indicator, action: trace.action ?? 'exclude', detail: trace.explanation }];
  });
  for (const domain of domains) {
    if (domain.status[slot] === GROUP_STATUS.notRated) flags.push({ kind: 'domain-not-rated', subject: domain.id, action: domainNotRated, detail: domain.reason[slot] ?? '' });
    else if (domain.method !== 'judgement' && domain.method !== 'none' && (domain.used[slot] ?? 0) < domain.members.length) {
      flags.push({ kind: 'rated-on-fewer', subject: domain.id, action: 'rate-on-fewer', detail: `rated on ${domain.used[slot] ?? 0} of ${domain.members.length} indicators` });
    }
  }
  return flags;
}
