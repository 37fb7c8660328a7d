import type { Aggregate, Band, Basis, Grouping } from '../../domain/frameworks/schema-basics.ts';
import type { Indicator, Scoring, SurveySource } from '../../domain/frameworks/schema-indicators.ts';
import type { Condition, DataAction, GroupRating, GuardRail, Step } from '../../domain/frameworks/schema-rules.ts';
import type { Framework } from '../../domain/frameworks/schema.ts';
import { surveyGroupsPhrase } from '../../domain/oversight/survey-indicator.ts';

// Framework rules in plain English for the framework browser: conditions, pipeline steps, group ratings,
// indicator scoring, data rules and guard rails, each with the basis it rests on. Pure: the same framework
// always reads the same way. Labels come from the framework itself (domain names, level labels), so a
// reader never has to decode an identifier.

/** Where a rule comes from, ready for a "Documented" / "Reconstruction" tag. */
export interface BasisView {
  readonly documented: boolean;
  readonly label: 'Documented' | 'Reconstruction';
  readonly colour: 'green' | 'orange';
  readonly reasoning: string;
  readonly sources: readonly { readonly title: string; readonly href: string }[];
}

/** A condition as a sentence, with the conditions it combines (for all / any / not) beneath it. */
export interface ConditionDescription {
  readonly text: string;
  readonly parts: readonly ConditionDescription[];
}

export interface BandDescription {
  readonly when: string;
  readonly level: string;
}

export interface StepDescription {
  readonly id: string;
  readonly anchor: string;
  readonly typeLabel: string;
  readonly summary: string;
  readonly description: string | undefined;
  readonly condition: ConditionDescription | undefined;
  readonly bands: readonly BandDescription[];
  readonly cases: readonly CaseDescription[];
  readonly basis: BasisView;
}

export interface CaseDescription {
  readonly id: string;
  /** Undefined for the "otherwise" case, which holds when no other case does. */
  readonly condition: ConditionDescription | undefined;
  readonly level: string;
  readonly basis: BasisView | undefined;
}

export interface RatingDescription {
  readonly summary: string;
  readonly bands: readonly BandDescription[];
}

export function frameworkPath(versionId: string): string {
  return `/frameworks/${versionId}`;
}

export function indicatorPath(versionId: string, code: string): string {
  return `${frameworkPath(versionId)}/indicators/${encodeURIComponent(code)}`;
}

const SAFE_LINK = /^https?:\/\//i;

/**
 * How the framework's identifiers read: domain names, level labels, judgement and indicator names. An
 * identifier the framework does not define (impossible after the reference checks) reads as itself.
 */
export class FrameworkVocabulary {
  readonly framework: Framework;
  readonly versionId: string;
  readonly #levels = new Map<string, string>();

  constructor(versionId: string, framework: Framework) {
    this.versionId = versionId;
    this.framework = framework;
    for (const scale of framework.scales) for (const level of scale.levels) this.#levels.set(`${scale.id}/${level.code}`, level.label);
  }

  level(scaleId: string, code: string): string {
    return this.#levels.get(`${scaleId}/${code}`) ?? code;
  }

  headlineLevel(code: string): string {
    return this.level(this.framework.headlineScale, code);
  }

  domainName(id: string): string {
    return this.framework.domains.find((domain) => domain.id === id)?.name ?? id;
  }

  domainScale(id: string): string {
    return this.framework.domains.find((domain) => domain.id === id)?.scale ?? this.framework.headlineScale;
  }

  judgementName(id: string): string {
    return this.framework.judgements.find((judgement) => judgement.id === id)?.name ?? id;
  }

  scaleName(id: string): string {
    return this.framework.scales.find((scale) => scale.id === id)?.name ?? id;
  }

  indicatorName(code: string): string {
    const name = this.framework.indicators.find((indicator) => indicator.code === code)?.name;
    return name === undefined ? code : `${code} ${name}`;
  }

  /** The basis of a rule, its sources linked: to their address when they have a web one, else to their entry on the framework page. */
  basis(basis: Basis): BasisView {
    const documented = basis.status === 'documented';
    return {
      documented,
      label: documented ? 'Documented' : 'Reconstruction',
      colour: documented ? 'green' : 'orange',
      reasoning: basis.reasoning,
      sources: basis.sources.map((id) => {
        const source = this.framework.sources.find((candidate) => candidate.id === id);
        return { title: source?.title ?? id, href: linkableUrl(source?.url) ?? `${frameworkPath(this.versionId)}#${sourceAnchor(id)}` };
      }),
    };
  }
}

export function sourceAnchor(id: string): string {
  return `source-${id}`;
}

/** A source's web address when it is safe to link (http or https); anything else is shown as text only. */
export function linkableUrl(url: string | undefined): string | undefined {
  return url !== undefined && SAFE_LINK.test(url) ? url : undefined;
}

const NUMBER = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 4 });

export function formatNumber(value: number): string {
  return NUMBER.format(value);
}

function formatShare(share: number): string {
  return `${formatNumber(share * 100)}%`;
}

/** "A, B and C". */
function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

/** Where a survey indicator's values come from, in words. */
export function describeSurveySource(source: SurveySource): string {
  return `The 360° stakeholder survey: the share of positive answers to question ${source.question}, from ${surveyGroupsPhrase(source)}, each survey year`;
}

interface LevelTest {
  readonly is?: string | undefined;
  readonly atOrWorse?: string | undefined;
  readonly atOrBetter?: string | undefined;
}

function levelTest(vocabulary: FrameworkVocabulary, scaleId: string, test: LevelTest): string {
  if (test.is !== undefined) return vocabulary.level(scaleId, test.is);
  if (test.atOrWorse !== undefined) return `${vocabulary.level(scaleId, test.atOrWorse)} or worse`;
  return `${vocabulary.level(scaleId, test.atOrBetter ?? '')} or better`;
}

function countPhrase(atLeast: number | undefined, atMost: number | undefined, of: readonly string[] | undefined, vocabulary: FrameworkVocabulary): string {
  const named = of === undefined ? undefined : list(of.map((id) => vocabulary.domainName(id)));
  const plural = (count: number) => (named === undefined ? `${count} domain${count === 1 ? ' is' : 's are'}` : `${count} of ${named} ${count === 1 ? 'is' : 'are'}`);
  if (atLeast === undefined && atMost === 0) return named === undefined ? 'no domain is' : `none of ${named} is`;
  if (atLeast !== undefined && atMost === undefined) return `at least ${plural(atLeast)}`;
  if (atLeast === undefined) return `at most ${plural(atMost ?? 0)}`;
  if (atLeast === atMost) return `exactly ${plural(atLeast)}`;
  return `between ${atLeast} and ${plural(atMost ?? 0)}`;
}

/** A condition in plain English: "Financial management is rated Inadequate", "at least 2 domains are rated Inadequate". */
export function describeCondition(condition: Condition, vocabulary: FrameworkVocabulary): ConditionDescription {
  const leaf = (text: string): ConditionDescription => ({ text, parts: [] });
  if (condition.all !== undefined) return { text: 'all of these hold:', parts: condition.all.map((inner) => describeCondition(inner, vocabulary)) };
  if (condition.any !== undefined) return { text: 'at least one of these holds:', parts: condition.any.map((inner) => describeCondition(inner, vocabulary)) };
  if (condition.not !== undefined) return { text: 'this does not hold:', parts: [describeCondition(condition.not, vocabulary)] };
  if (condition.domain !== undefined) {
    return leaf(`${vocabulary.domainName(condition.domain)} is rated ${levelTest(vocabulary, vocabulary.domainScale(condition.domain), condition)}`);
  }
  if (condition.countDomains !== undefined) {
    const count = countPhrase(condition.atLeast, condition.atMost, condition.countDomains.of, vocabulary);
    return leaf(`${count} rated ${levelTest(vocabulary, vocabulary.framework.headlineScale, condition.countDomains)}`);
  }
  if (condition.flag !== undefined) return leaf(`“${vocabulary.judgementName(condition.flag)}” is recorded as yes`);
  if (condition.indicator !== undefined) return leaf(`${vocabulary.indicatorName(condition.indicator)} is “${condition.category ?? ''}”`);
  return leaf(`the level so far is ${levelTest(vocabulary, vocabulary.framework.headlineScale, condition)}`);
}

const AGGREGATES: Readonly<Record<Aggregate, string>> = {
  mean: 'average (mean)',
  'weighted-mean': 'weighted average',
  min: 'lowest',
  max: 'highest',
};

const GROUPINGS: Readonly<Record<Grouping, string>> = {
  england: 'all organisations in England',
  'peer-type': 'organisations of the same type',
};

function describeBands(bands: readonly Band[], scaleId: string, vocabulary: FrameworkVocabulary): BandDescription[] {
  return bands.map((band) => ({
    when: band.atLeast !== undefined ? `at least ${formatNumber(band.atLeast)}` : band.atMost !== undefined ? `at most ${formatNumber(band.atMost)}` : 'any other score',
    level: vocabulary.level(scaleId, band.level),
  }));
}

function quantileSentence(levels: readonly string[], within: Grouping, scaleId: string, vocabulary: FrameworkVocabulary): string {
  return `organisations are cut into ${levels.length} equal groups within ${GROUPINGS[within]}, best first: ${list(levels.map((level) => vocabulary.level(scaleId, level)))}`;
}

function pointsSentence(vocabulary: FrameworkVocabulary): string {
  const { best, worst } = vocabulary.framework.points;
  return `points run from ${formatNumber(best)} (best) to ${formatNumber(worst)} (worst)`;
}

/** How a domain or composite gets its level. */
export function describeGroupRating(rating: GroupRating, scaleId: string, vocabulary: FrameworkVocabulary): RatingDescription {
  switch (rating.method) {
    case 'score-bands':
      return {
        summary: `The ${AGGREGATES[rating.aggregate]} of its scored indicators’ points (${pointsSentence(vocabulary)}), read off these bands; the first that holds wins.`,
        bands: describeBands(rating.bands, scaleId, vocabulary),
      };
    case 'quantile-bands':
      return { summary: `The ${AGGREGATES[rating.aggregate]} of its scored indicators’ points; ${quantileSentence(rating.levels, rating.within, scaleId, vocabulary)}.`, bands: [] };
    case 'judgement': {
      const judgement = vocabulary.framework.judgements.find((candidate) => candidate.id === rating.judgement);
      return { summary: `A judgement recorded by ${judgement?.recordedBy ?? 'people'}: “${vocabulary.judgementName(rating.judgement)}”.`, bands: [] };
    }
    case 'none':
      return { summary: 'Not rated: it groups indicators for display only.', bands: [] };
  }
}

const STEP_TYPES: Readonly<Record<Step['type'], string>> = {
  combine: 'Combine domain ratings',
  'score-bands': 'Score bands',
  'quantile-bands': 'Quantile bands',
  'first-match': 'First matching case',
  limiter: 'Limiter',
  judgement: 'Judgement',
  moderation: 'Moderation',
};

const COMBINE_METHODS: Readonly<Record<'worst' | 'best' | 'mode' | 'median', string>> = {
  worst: 'worst level',
  best: 'best level',
  mode: 'most common level',
  median: 'middle (median) level',
};

function indicatorsOf(domains: readonly string[] | undefined, vocabulary: FrameworkVocabulary): string {
  return domains === undefined ? 'every scored indicator' : `the scored indicators of ${list(domains.map((id) => vocabulary.domainName(id)))}`;
}

function stepSummary(step: Step, vocabulary: FrameworkVocabulary): string {
  const headline = (code: string) => vocabulary.headlineLevel(code);
  switch (step.type) {
    case 'combine': {
      const among = step.of === undefined ? 'the rated domains' : list(step.of.map((id) => vocabulary.domainName(id)));
      const tie = step.method === 'mode' || step.method === 'median' ? ` A tie goes to the ${step.tieBreak} level.` : '';
      return `Starts from the ${COMBINE_METHODS[step.method]} among ${among}.${tie}`;
    }
    case 'score-bands':
      return `Starts from the ${AGGREGATES[step.aggregate]} of the points of ${indicatorsOf(step.domains, vocabulary)} (${pointsSentence(vocabulary)}), read off these bands; the first that holds wins.`;
    case 'quantile-bands':
      return `Starts from the ${AGGREGATES[step.aggregate]} of the points of ${indicatorsOf(step.domains, vocabulary)}; ${quantileSentence(step.levels, step.within, vocabulary.framework.headlineScale, vocabulary)}.`;
    case 'first-match':
      return 'Goes through these cases in order; the first that holds sets the level.';
    case 'limiter':
      if (step.cap !== undefined) return `Caps the level at ${headline(step.cap)} when the condition holds: the organisation can be no better than ${headline(step.cap)}.`;
      if (step.floor !== undefined) return `Raises the level to at least ${headline(step.floor)} when the condition holds: the organisation can be no worse than ${headline(step.floor)}.`;
      return `Sets the level to ${headline(step.set ?? '')} when the condition holds.`;
    case 'judgement':
      return `Where the judgement “${vocabulary.judgementName(step.judgement)}” has been recorded, it replaces the level.`;
    case 'moderation':
      return 'Where a moderation override has been approved, with its rationale and approver, it replaces the level.';
  }
}

/** One pipeline step: what it does in a sentence, its condition, bands or cases, and its basis. */
export function describeStep(step: Step, variantId: string, vocabulary: FrameworkVocabulary): StepDescription {
  const scale = vocabulary.framework.headlineScale;
  const firstMatch = step.type === 'first-match' ? step : undefined;
  const cases: CaseDescription[] =
    firstMatch === undefined
      ? []
      : [
          ...firstMatch.cases.map((entry) => ({
            id: entry.id,
            condition: describeCondition(entry.when, vocabulary),
            level: vocabulary.headlineLevel(entry.level),
            basis: entry.basis === undefined ? undefined : vocabulary.basis(entry.basis),
          })),
          ...(firstMatch.otherwise === undefined
            ? []
            : [
                {
                  id: firstMatch.otherwise.id,
                  condition: undefined,
                  level: vocabulary.headlineLevel(firstMatch.otherwise.level),
                  basis: firstMatch.otherwise.basis === undefined ? undefined : vocabulary.basis(firstMatch.otherwise.basis),
                },
              ]),
        ];
  return {
    id: step.id,
    anchor: `step-${variantId}-${step.id}`,
    typeLabel: STEP_TYPES[step.type],
    summary: stepSummary(step, vocabulary),
    description: step.description,
    condition: step.type === 'limiter' ? describeCondition(step.when, vocabulary) : undefined,
    bands: step.type === 'score-bands' ? describeBands(step.bands, scale, vocabulary) : [],
    cases,
    basis: vocabulary.basis(step.basis),
  };
}

const SCORING_LABELS: Readonly<Record<Scoring['method'], string>> = {
  'national-quartile': 'National quartile',
  'ci-comparison': 'Confidence interval comparison',
  'against-standard': 'Against the standard',
  'rank-scaled': 'Scaled rank',
  'category-map': 'Categories to points',
  judgement: 'Judgement to points',
};

export function scoringLabel(scoring: Scoring): string {
  return scoring.method === 'ci-comparison' ? `${SCORING_LABELS[scoring.method]} (${formatNumber(scoring.level)}%)` : SCORING_LABELS[scoring.method];
}

export const COMPARATORS: Readonly<Record<Indicator['comparator'], string>> = {
  england: 'England',
  'peer-group': 'Its peer group (the most similar organisations)',
  'peer-type': 'Organisations of the same type',
  standard: 'The standard',
};

const COMPARED_WITH: Readonly<Record<Indicator['comparator'], string>> = {
  england: 'England',
  'peer-group': 'its peer group',
  'peer-type': 'organisations of the same type',
  standard: 'the standard',
};

/** "95%", "50 per 100,000": a value in the indicator's unit. */
export function withUnit(value: number, unit: string): string {
  return unit === '%' ? `${formatNumber(value)}%` : `${formatNumber(value)} ${unit}`;
}

/** A difference in the indicator's unit: a tolerance of 2 on a percentage is 2 percentage points, not 2%. */
function differenceWithUnit(value: number, unit: string): string {
  return unit === '%' ? `${formatNumber(value)} percentage point${value === 1 ? '' : 's'}` : withUnit(value, unit);
}

/** Categories or levels and their points, best points first (stored maps do not keep the file's order). */
function pointsMap(map: Readonly<Record<string, number>>, vocabulary: FrameworkVocabulary): string {
  const { best, worst } = vocabulary.framework.points;
  const entries = Object.entries(map).sort(([, a], [, b]) => (best > worst ? b - a : a - b));
  return list(entries.map(([key, points]) => `“${key}” ${formatNumber(points)}`));
}

/** How an indicator's value becomes points, in a sentence. */
export function describeScoring(indicator: Indicator, vocabulary: FrameworkVocabulary): string {
  const { scoring } = indicator;
  const against = indicator.comparator === 'standard' && indicator.standard !== undefined ? `the standard of ${withUnit(indicator.standard, indicator.unit)}` : COMPARED_WITH[indicator.comparator];
  switch (scoring.method) {
    case 'national-quartile':
      return `Organisations are cut into national quartiles: the best quartile scores ${formatNumber(scoring.points[0])} points, then ${formatNumber(scoring.points[1])} and ${formatNumber(scoring.points[2])}, the worst ${formatNumber(scoring.points[3])}.`;
    case 'ci-comparison': {
      const { best, better, similar, worse, worst } = scoring.points;
      if (scoring.level === 99.8 && best !== undefined && worst !== undefined) {
        return `The value’s confidence intervals are compared with ${against}: better beyond the 99.8% limits scores ${formatNumber(best)} points, better at 95% ${formatNumber(better)}, similar ${formatNumber(similar)}, worse at 95% ${formatNumber(worse)}, worse beyond the 99.8% limits ${formatNumber(worst)}.`;
      }
      return `The value’s 95% confidence interval is compared with ${against}: significantly better scores ${formatNumber(better)} points, similar ${formatNumber(similar)}, significantly worse ${formatNumber(worse)}.`;
    }
    case 'against-standard': {
      const standard = indicator.standard === undefined ? 'the standard' : `the standard of ${withUnit(indicator.standard, indicator.unit)}`;
      const within = scoring.tolerance > 0 ? `, within ${differenceWithUnit(scoring.tolerance, indicator.unit)} of it ${formatNumber(scoring.points.withinTolerance)}` : '';
      return `Compared with ${standard}: met scores ${formatNumber(scoring.points.met)} points${within}, not met ${formatNumber(scoring.points.notMet)}.`;
    }
    case 'rank-scaled':
      return `Ranked within ${against}, and the rank scaled evenly from ${formatNumber(vocabulary.framework.points.best)} points (best) to ${formatNumber(vocabulary.framework.points.worst)} points (worst).`;
    case 'category-map':
      return `Each category scores its points: ${pointsMap(scoring.map, vocabulary)}.`;
    case 'judgement':
      return `The judgement “${vocabulary.judgementName(scoring.judgement)}” scores its points: ${pointsMap(scoring.map, vocabulary)}.`;
  }
}

const DATA_ACTIONS: Readonly<Record<DataAction, string>> = {
  exclude: 'left out and flagged; the rest are rated without it',
  'worst-points': 'scored as the worst points, and flagged',
  'not-rated': 'the organisation gets no headline rating, with the reason',
};

/** The data rules as rows of a summary list: what happens to missing, stale and small-denominator values, and coverage. */
export function describeDataRules(framework: Framework): { key: string; value: string }[] {
  const rules = framework.dataRules;
  return [
    { key: 'Missing values', value: `A missing value is ${DATA_ACTIONS[rules.missing]}.` },
    {
      key: 'Stale values',
      value: rules.stale === undefined ? 'No age limit: values are used however old they are.' : `A value more than ${rules.stale.afterMonths} months old is ${DATA_ACTIONS[rules.stale.action]}.`,
    },
    { key: 'Small denominators', value: `A value resting on fewer cases than the indicator’s minimum denominator is ${DATA_ACTIONS[rules.smallDenominator]}.` },
    { key: 'Coverage', value: `A domain or composite is rated only when at least ${formatShare(rules.minimumCoverage)} of its indicator weight is scored.` },
    {
      key: 'Domain not rated',
      value:
        rules.domainNotRated === 'rate-on-fewer'
          ? 'A domain that cannot be rated drops out of the headline, which is flagged as rated on fewer domains.'
          : 'A domain that cannot be rated leaves the organisation without a headline rating.',
    },
  ];
}

export function describeGuardRail(rail: GuardRail, vocabulary: FrameworkVocabulary): string {
  const level = vocabulary.headlineLevel(rail.level);
  if (rail.warnWhenShareAbove !== undefined) return `Warns when more than ${formatShare(rail.warnWhenShareAbove)} of organisations would be ${level}.`;
  const count = rail.warnWhenCountAtMost ?? 0;
  return count === 0 ? `Warns when no organisation would be ${level}.` : `Warns when ${count} or fewer organisations would be ${level}.`;
}

export function describeRanking(within: Grouping): string {
  return `League-table positions within ${GROUPINGS[within]}: by headline level, then by score.`;
}
