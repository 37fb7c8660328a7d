import type { Framework } from '../domain/frameworks/schema.ts';
import type { OrganisationRating, RunSummary } from '../domain/rating/result.ts';
import { describeIndicatorTrace } from '../domain/rating/trace.ts';
import type { WhatIfResult } from '../domain/rating/what-if.ts';
import { formatShare, headlineText, type RuleOutcome, ruleOutcome } from '../domain/rating/wording.ts';
import { formatTextTable } from './text-table.ts';

const RULE_MARKS: Readonly<Record<RuleOutcome, string>> = { changed: '✔ changed', fired: '✔ fired  ', held: '· held   ' };

/** The distribution over the rating scale and any guard rail it trips, as terminal text. */
export function formatSummary(summary: RunSummary): string {
  const table = formatTextTable(
    ['RATING', 'CCGS', 'SHARE'],
    summary.distribution.map((entry) => [entry.label, String(entry.count), formatShare(entry.share)]),
  );
  const warnings = summary.warnings.map((warning) => `Warning: ${warning.message}\n`).join('');
  return `${table}${warnings}`;
}

/** One organisation's rating, line by line: the headline, each domain, each rule that fired, each indicator. */
export function formatExplanation(rating: OrganisationRating, framework: Framework): string {
  const definitions = new Map(framework.indicators.map((indicator) => [indicator.code, indicator]));
  const lines = [
    `${rating.name} (${rating.org}): ${headlineText(rating)}`,
    rating.decidedBy === null ? '' : `Decided by: ${rating.decidedBy}`,
    '',
    'Domains:',
    ...rating.domains.map((domain) => `  ${domain.name}: ${domain.label ?? domain.status}${domain.reason === null ? '' : ` (${domain.reason})`}`),
    '',
    'Rules:',
    ...rating.rules.map((rule) => `  ${RULE_MARKS[ruleOutcome(rule)]} ${rule.step}: ${rule.detail}${rule.basis === 'reconstruction' ? ' [reconstruction]' : ''}`),
    '',
    'Indicators:',
    ...rating.indicators.flatMap((trace) => {
      const indicator = definitions.get(trace.indicator);
      return indicator === undefined ? [] : [`  ${describeIndicatorTrace(trace, indicator)}`];
    }),
    ...(rating.flags.length === 0 ? [] : ['', 'Data flags:', ...rating.flags.map((flag) => `  ${flag.kind} ${flag.subject}: ${flag.detail}`)]),
  ];
  return `${lines.filter((line, index) => line !== '' || lines[index - 1] !== '').join('\n')}\n`;
}

/** A what-if as terminal text: both distributions, the transition matrix and every mover. */
export function formatWhatIf(result: WhatIfResult): string {
  const sides = [
    `Baseline ${result.baseline.frameworkId}@${result.baseline.frameworkVersion} ${result.baseline.variant}:\n${formatSummary(result.baseline.summary)}`,
    `Candidate ${result.candidate.frameworkId}@${result.candidate.frameworkVersion} ${result.candidate.variant}:\n${formatSummary(result.candidate.summary)}`,
  ];
  const matrix = formatTextTable(
    ['BASELINE \\ CANDIDATE', ...result.toLevels],
    result.fromLevels.map((level, row) => [level, ...(result.transitions[row] ?? []).map(String)]),
  );
  const movers = formatTextTable(
    ['ORG', 'FROM', 'TO', 'DIRECTION', 'DECIDED BY (CANDIDATE)', 'NAME'],
    result.movers.map((mover) => [mover.org, mover.from, mover.to, mover.direction, mover.candidateDecidedBy ?? '', mover.name]),
  );
  return `${sides.join('\n')}\nTransitions:\n${matrix}\n${result.movers.length} organisations move, ${result.unchanged} keep their rating:\n${movers}`;
}
