import type { Indicator } from '../frameworks/schema-indicators.ts';
import { COMPARISON, comparisonLabel } from '../statistics/compare.ts';
import { GROUP_STATUS, type GroupResults } from './groups.ts';
import { type PreparedRating, VALUE_STATUS } from './prepare.ts';
import type { DataFlag, GroupTrace, IndicatorTrace } from './result.ts';
import { actionFor, type IndicatorScores, STANDARD_OUTCOME } from './score-indicators.ts';
import { levelCode } from './scales.ts';

// Builds the per-organisation explanation records from the engine's columns, and reads them back as prose.

const nullable = (value: number | undefined): number | null => (value === undefined || !Number.isFinite(value) ? null : value);
const STATUS_NAMES = ['scored', 'missing', 'stale', 'small-denominator'] as const;
const GROUP_STATUS_NAMES = ['rated', 'not-rated', 'not-applicable', 'no-level'];
const STANDARD_WORDS = ['', 'met', 'within-tolerance', 'not-met'];
// Lower-cased Fingertips labels, looked up once rather than per record.
const JUDGED = [0, 1, 2, 3, 4, 5].map((code) => comparisonLabel(code, 'high-is-good').toLowerCase());
const UNJUDGED = [0, 1, 2, 3, 4, 5].map((code) => comparisonLabel(code, 'no-judgement').toLowerCase());

export function indicatorTrace(prepared: PreparedRating, score: IndicatorScores, slot: number): IndicatorTrace {
  const { columns } = score;
  const { indicator } = columns;
  const code = score.status[slot] ?? VALUE_STATUS.missing;
  const method = indicator.scoring.method;
  const usable = code === VALUE_STATUS.usable;
  const points = nullable(score.points[slot]);
  const reference = nullable(score.reference[slot]);
  let comparison: string | null = null;
  if (usable && method === 'ci-comparison') comparison = (indicator.polarity === 'no-judgement' ? UNJUDGED : JUDGED)[score.comparison[slot] ?? COMPARISON.notCompared] ?? null;
  if (usable && method === 'against-standard') comparison = STANDARD_WORDS[score.standardOutcome[slot] ?? STANDARD_OUTCOME.none] ?? null;
  return {
    indicator: indicator.code,
    value: nullable(columns.value[slot]),
    numerator: nullable(columns.numerator[slot]),
    denominator: nullable(columns.denominator[slot]),
    category: score.judged[slot] ?? columns.category[slot] ?? null,
    lower95: nullable(score.lower95[slot]),
    upper95: nullable(score.upper95[slot]),
    lower998: nullable(score.lower998[slot]),
    upper998: nullable(score.upper998[slot]),
    referenceKind: reference === null ? null : indicator.comparator,
    reference,
    comparison,
    position: usable ? nullable(score.position[slot]) : null,
    groupSize: usable ? nullable(score.groupSize[slot]) : null,
    points,
    status: usable && points === null ? 'not-compared' : (STATUS_NAMES[code] ?? 'missing'),
    action: actionFor(prepared, code),
    synthetic: columns.synthetic[slot] === 1,
    source: columns.source[slot] ?? null,
    periodEnd: columns.periodEnd[slot] ?? null,
  };
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(Math.abs(value) >= 100 ? 1 : 2);
}

function describeMethod(trace: IndicatorTrace, indicator: Indicator): string {
  switch (indicator.scoring.method) {
    case 'national-quartile':
      return `quartile ${trace.position ?? '—'} of ${trace.groupSize ?? '—'} organisations`;
    case 'rank-scaled':
      return `rank ${trace.position ?? '—'} of ${trace.groupSize ?? '—'}`;
    case 'ci-comparison':
      return `${trace.comparison ?? 'not compared'} compared with ${trace.referenceKind ?? 'the reference'}${trace.reference === null ? '' : ` (${formatNumber(trace.reference)})`}`;
    case 'against-standard':
      return `standard ${indicator.standard === undefined ? '' : formatNumber(indicator.standard)}: ${trace.comparison ?? ''}`;
    default:
      return indicator.scoring.method === 'judgement' ? 'judgement' : 'category';
  }
}

/** One sentence for an indicator record: value, interval, comparison and points, and whether it is synthetic. */
export function describeIndicatorTrace(trace: IndicatorTrace, indicator: Indicator): string {
  const head = `${indicator.code} ${indicator.name}: `;
  if (trace.status !== 'scored' && trace.status !== 'not-compared') {
    return `${head}${trace.status.replace('-', ' ')}; ${trace.action ?? 'excluded'}${trace.points === null ? '' : ` → ${formatNumber(trace.points)} points`}`;
  }
  const shown = trace.category ?? (trace.value === null ? '—' : `${formatNumber(trace.value)}${indicator.unit === '%' ? '%' : ` ${indicator.unit}`}`);
  const interval = trace.lower95 === null || trace.upper95 === null ? '' : ` (95% CI ${formatNumber(trace.lower95)}–${formatNumber(trace.upper95)})`;
  const contextual = indicator.role === 'contextual' ? ' (contextual: not counted)' : '';
  const scored = trace.points === null ? 'not scored' : `${formatNumber(trace.points)} points`;
  return `${head}${shown}${interval}; ${describeMethod(trace, indicator)} → ${scored}${contextual}${trace.synthetic ? ' [synthetic]' : ''}`;
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

const FLAG_KIND = { missing: 'missing', stale: 'stale', 'small-denominator': 'small-denominator' } as const;

/** Every data problem behind a rating, so none passes silently. */
export function dataFlags(indicators: readonly IndicatorTrace[], domains: readonly GroupResults[], slot: number, domainNotRated: string): DataFlag[] {
  const flags: DataFlag[] = [];
  for (const trace of indicators) {
    if (trace.status === 'scored') continue;
    if (trace.status === 'not-compared') {
      flags.push({ kind: 'not-compared', subject: trace.indicator, action: 'exclude', detail: `${trace.indicator} has a value but no interval or reference to compare it with` });
      continue;
    }
    const kind = FLAG_KIND[trace.status as keyof typeof FLAG_KIND];
    const action = trace.action ?? 'exclude';
    flags.push({ kind, subject: trace.indicator, action, detail: `${trace.indicator} is ${trace.status.replace('-', ' ')}: ${action}` });
  }
  for (const domain of domains) {
    if (domain.status[slot] === GROUP_STATUS.notRated) flags.push({ kind: 'domain-not-rated', subject: domain.id, action: domainNotRated, detail: domain.reason[slot] ?? '' });
    else if (domain.method !== 'judgement' && domain.method !== 'none' && (domain.used[slot] ?? 0) < domain.members.length) {
      flags.push({ kind: 'rated-on-fewer', subject: domain.id, action: 'rate-on-fewer', detail: `rated on ${domain.used[slot] ?? 0} of ${domain.members.length} indicators` });
    }
  }
  return flags;
}
