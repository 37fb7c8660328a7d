import * as Plot from '@observablehq/plot';
import type nunjucks from 'nunjucks';
import type { SurveyOutcome } from '../../domain/oversight/survey.ts';
import { type ChartText, renderChart } from './accessible-svg.ts';

// Dot-and-interval charts of the 360° survey, percentages positive with their 95% Wilson intervals: every
// CCG's result for one question in rank order beside England's line (the national page), and one CCG's result
// for each question beside England's and its similar CCGs' (a CCG's page). A result better or worse than
// England has a shape of its own (triangle, square), so nothing depends on colour; the tables beside give the numbers.

/** One result as a share of 1. */
export interface IntervalPoint {
  readonly label: string;
  readonly proportion: number;
  readonly lower95: number;
  readonly upper95: number;
  readonly outcome: SurveyOutcome;
  /** Drawn larger and labelled: the CCG the reader is looking for. */
  readonly highlighted?: boolean;
}

/** How each comparison with England is drawn; the pages' keys use the same names. */
export const OUTCOME_STYLES: Readonly<Record<SurveyOutcome, { readonly name: string; readonly symbol: string; readonly fill: string }>> = {
  better: { name: 'Better than England', symbol: 'triangle', fill: '#005eb8' },
  similar: { name: 'Similar to England', symbol: 'circle', fill: '#768692' },
  worse: { name: 'Worse than England', symbol: 'square', fill: '#d5281b' },
  'not-compared': { name: 'Not compared', symbol: 'circle', fill: '#ffffff' },
};

const INK = '#212b32';
const INTERVAL = '#aeb7bd';
const percent = (share: number): number => share * 100;

export interface QuestionSpreadInput extends ChartText {
  readonly points: readonly IntervalPoint[];
  readonly england: number;
}

/** Every CCG's result for one question, lowest first, each with its interval, and England's result as a line. */
export function questionSpreadChart(input: QuestionSpreadInput): nunjucks.runtime.SafeString {
  const points = [...input.points].sort((a, b) => a.proportion - b.proportion).map((point, index) => ({ ...point, rank: index + 1, style: OUTCOME_STYLES[point.outcome] }));
  const highlighted = points.filter((point) => point.highlighted === true);
  const options = {
    width: 640,
    height: 280,
    marginLeft: 48,
    marginRight: 80,
    marginBottom: 40,
    style: { fontFamily: 'inherit', fontSize: '14px' },
    x: { domain: [0, points.length + 1], label: 'CCGs, lowest share positive first', ticks: 0 },
    y: { domain: [0, 100], grid: true, label: '% positive' },
    color: { type: 'identity' as const },
    symbol: { type: 'identity' as const },
    marks: [
      Plot.ruleX(points, { x: 'rank', y1: (point: (typeof points)[number]) => percent(point.lower95), y2: (point: (typeof points)[number]) => percent(point.upper95), stroke: INTERVAL, strokeWidth: 1 }),
      Plot.ruleY([percent(input.england)], { stroke: INK, strokeWidth: 1.5 }),
      Plot.text([{ y: percent(input.england) }], { x: points.length + 1, y: 'y', text: () => 'England', textAnchor: 'start', dx: 8, fill: INK }),
      Plot.dot(points, {
        x: 'rank',
        y: (point: (typeof points)[number]) => percent(point.proportion),
        symbol: (point: (typeof points)[number]) => point.style.symbol,
        fill: (point: (typeof points)[number]) => point.style.fill,
        r: (point: (typeof points)[number]) => (point.highlighted === true ? 6 : 2.5),
        stroke: INK,
        strokeWidth: 0.5,
      }),
      Plot.text(highlighted, { x: 'rank', y: (point: (typeof points)[number]) => percent(point.upper95), text: 'label', dy: -10, fill: INK }),
    ],
  };
  return renderChart(options, input);
}

export interface OrganisationQuestionPoint extends IntervalPoint {
  readonly england: number | null;
  readonly similar: number | null;
}

/** One CCG's result for each question, with England's (a vertical tick) and its similar CCGs' (a hollow diamond). */
export function organisationQuestionsChart(input: ChartText & { readonly points: readonly OrganisationQuestionPoint[] }): nunjucks.runtime.SafeString {
  const points = input.points.map((point) => ({ ...point, style: OUTCOME_STYLES[point.outcome] }));
  const labels = points.map((point) => point.label);
  const options = {
    width: 640,
    height: 48 + 36 * points.length,
    marginLeft: 56,
    marginRight: 24,
    marginBottom: 40,
    style: { fontFamily: 'inherit', fontSize: '14px' },
    x: { domain: [0, 100], grid: true, label: '% positive' },
    y: { domain: labels, label: null },
    color: { type: 'identity' as const },
    symbol: { type: 'identity' as const },
    marks: [
      Plot.ruleY(points, { y: 'label', x1: (point: (typeof points)[number]) => percent(point.lower95), x2: (point: (typeof points)[number]) => percent(point.upper95), stroke: INTERVAL, strokeWidth: 3 }),
      Plot.tickX(
        points.filter((point) => point.england !== null),
        { y: 'label', x: (point: (typeof points)[number]) => percent(point.england ?? 0), stroke: INK, strokeWidth: 2 },
      ),
      Plot.dot(
        points.filter((point) => point.similar !== null),
        { y: 'label', x: (point: (typeof points)[number]) => percent(point.similar ?? 0), symbol: 'diamond', r: 5, stroke: INK, strokeWidth: 1.5, fill: 'white' },
      ),
      Plot.dot(points, {
        y: 'label',
        x: (point: (typeof points)[number]) => percent(point.proportion),
        symbol: (point: (typeof points)[number]) => point.style.symbol,
        fill: (point: (typeof points)[number]) => point.style.fill,
        r: 6,
        stroke: INK,
        strokeWidth: 1,
      }),
    ],
  };
  return renderChart(options, input);
}
