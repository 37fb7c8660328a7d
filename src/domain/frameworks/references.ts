import type { Framework } from './schema.ts';
import type { Indicator } from './schema-indicators.ts';
import type { Condition, PublishedDistribution, Step } from './schema-rules.ts';

// Cross-references the schema alone cannot check: every id a framework names must exist, levels must belong
// to the right scale, points must lie between the framework's best and worst.

export type FrameworkPath = readonly (string | number)[];

export interface ReferenceProblem {
  readonly path: FrameworkPath;
  readonly message: string;
}

class Checker {
  readonly problems: ReferenceProblem[] = [];
  readonly #framework: Framework;
  constructor(framework: Framework) {
    this.#framework = framework;
  }

  add(path: FrameworkPath, message: string): void {
    this.problems.push({ path, message });
  }

  unique(items: readonly { readonly id?: string; readonly code?: string }[], path: FrameworkPath, what: string): void {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      const key = item.id ?? item.code ?? '';
      if (seen.has(key)) this.add([...path, index], `${what} "${key}" is defined twice`);
      seen.add(key);
    });
  }

  scaleLevels(scaleId: string): readonly string[] | undefined {
    return this.#framework.scales.find((scale) => scale.id === scaleId)?.levels.map((level) => level.code);
  }

  scale(scaleId: string, path: FrameworkPath): void {
    if (this.scaleLevels(scaleId) === undefined) this.add(path, `scale "${scaleId}" is not defined (scales: ${this.#framework.scales.map((scale) => scale.id).join(', ')})`);
  }

  level(scaleId: string, level: string | undefined, path: FrameworkPath): void {
    if (level === undefined) return;
    const levels = this.scaleLevels(scaleId);
    if (levels !== undefined && !levels.includes(level)) this.add(path, `"${level}" is not a level of scale "${scaleId}" (${levels.join(', ')})`);
  }

  points(value: number, path: FrameworkPath): void {
    const { best, worst } = this.#framework.points;
    if (value < Math.min(best, worst) || value > Math.max(best, worst)) this.add(path, `${value} points is outside the framework's points range ${best} (best) to ${worst} (worst)`);
  }
}

function checkCondition(checker: Checker, framework: Framework, condition: Condition, path: FrameworkPath): void {
  const headline = framework.headlineScale;
  const tests = (scale: string, base: FrameworkPath, value: { is?: string | undefined; atOrWorse?: string | undefined; atOrBetter?: string | undefined }): void => {
    checker.level(scale, value.is, [...base, 'is']);
    checker.level(scale, value.atOrWorse, [...base, 'atOrWorse']);
    checker.level(scale, value.atOrBetter, [...base, 'atOrBetter']);
  };
  if (condition.domain !== undefined) {
    const domain = framework.domains.find((candidate) => candidate.id === condition.domain);
    if (domain === undefined) checker.add([...path, 'domain'], `domain "${condition.domain}" is not defined`);
    else tests(domain.scale, path, condition);
  }
  if (condition.countDomains !== undefined) {
    for (const [index, id] of (condition.countDomains.of ?? []).entries()) {
      if (!framework.domains.some((domain) => domain.id === id)) checker.add([...path, 'countDomains', 'of', index], `domain "${id}" is not defined`);
    }
    tests(headline, [...path, 'countDomains'], condition.countDomains);
  }
  if (condition.flag !== undefined) {
    const judgement = framework.judgements.find((candidate) => candidate.id === condition.flag);
    if (judgement?.kind !== 'flag') checker.add([...path, 'flag'], `"${condition.flag}" is not a flag judgement of this framework`);
  }
  if (condition.indicator !== undefined) {
    const indicator = framework.indicators.find((candidate) => candidate.code === condition.indicator);
    if (indicator?.dataType !== 'categorical') checker.add([...path, 'indicator'], `"${condition.indicator}" is not a categorical indicator of this framework`);
    else if (indicator.categories !== undefined && condition.category !== undefined && !indicator.categories.includes(condition.category)) {
      checker.add([...path, 'category'], `"${condition.category}" is not a category of ${indicator.code} (${indicator.categories.join(', ')})`);
    }
  }
  if (condition.headline !== undefined) tests(headline, path, condition);
  condition.all?.forEach((inner, index) => { checkCondition(checker, framework, inner, [...path, 'all', index]); });
  condition.any?.forEach((inner, index) => { checkCondition(checker, framework, inner, [...path, 'any', index]); });
  if (condition.not !== undefined) checkCondition(checker, framework, condition.not, [...path, 'not']);
}

function checkDomainList(checker: Checker, framework: Framework, ids: readonly string[] | undefined, path: FrameworkPath): void {
  ids?.forEach((id, index) => {
    if (!framework.domains.some((domain) => domain.id === id)) checker.add([...path, index], `domain "${id}" is not defined`);
  });
}

function checkStep(checker: Checker, framework: Framework, step: Step, path: FrameworkPath): void {
  const headline = framework.headlineScale;
  switch (step.type) {
    case 'combine':
      for (const [index, id] of (step.of ?? framework.domains.map((domain) => domain.id)).entries()) {
        const domain = framework.domains.find((candidate) => candidate.id === id);
        if (domain === undefined) checker.add([...path, 'of', index], `domain "${id}" is not defined`);
        else if (domain.scale !== headline && domain.rating.method !== 'none') checker.add([...path, 'of', index], `domain "${id}" is rated on scale "${domain.scale}", not the headline scale "${headline}"`);
      }
      break;
    case 'score-bands':
      checkDomainList(checker, framework, step.domains, [...path, 'domains']);
      step.bands.forEach((band, index) => { checker.level(headline, band.level, [...path, 'bands', index, 'level']); });
      break;
    case 'quantile-bands':
      checkDomainList(checker, framework, step.domains, [...path, 'domains']);
      step.levels.forEach((level, index) => { checker.level(headline, level, [...path, 'levels', index]); });
      break;
    case 'first-match':
      step.cases.forEach((entry, index) => {
        checker.level(headline, entry.level, [...path, 'cases', index, 'level']);
        checkCondition(checker, framework, entry.when, [...path, 'cases', index, 'when']);
      });
      if (step.otherwise !== undefined) checker.level(headline, step.otherwise.level, [...path, 'otherwise', 'level']);
      break;
    case 'limiter':
      checkCondition(checker, framework, step.when, [...path, 'when']);
      for (const action of ['cap', 'floor', 'set'] as const) checker.level(headline, step[action], [...path, action]);
      break;
    case 'judgement': {
      const judgement = framework.judgements.find((candidate) => candidate.id === step.judgement);
      if (judgement?.kind !== 'level' || judgement.scale !== headline) checker.add([...path, 'judgement'], `"${step.judgement}" is not a level judgement on the headline scale "${headline}"`);
      break;
    }
    case 'moderation':
      break;
  }
}

function checkGroups(checker: Checker, framework: Framework): void {
  const groups = [
    ...framework.domains.map((group, index) => ({ group, path: ['domains', index] as FrameworkPath })),
    ...framework.composites.map((group, index) => ({ group, path: ['composites', index] as FrameworkPath })),
  ];
  for (const { group, path } of groups) {
    checker.scale(group.scale, [...path, 'scale']);
    const rating = group.rating;
    if (rating.method === 'score-bands') rating.bands.forEach((band, index) => { checker.level(group.scale, band.level, [...path, 'rating', 'bands', index, 'level']); });
    if (rating.method === 'quantile-bands') rating.levels.forEach((level, index) => { checker.level(group.scale, level, [...path, 'rating', 'levels', index]); });
    if (rating.method === 'judgement') {
      const judgement = framework.judgements.find((candidate) => candidate.id === rating.judgement);
      if (judgement?.kind !== 'level' || judgement.scale !== group.scale) checker.add([...path, 'rating', 'judgement'], `"${rating.judgement}" is not a level judgement on scale "${group.scale}"`);
    }
  }
  framework.composites.forEach((composite, index) => {
    composite.indicators.forEach((code, position) => {
      if (!framework.indicators.some((indicator) => indicator.code === code)) checker.add(['composites', index, 'indicators', position], `indicator "${code}" is not defined`);
    });
  });
}

/** A survey indicator is a proportion of answers per survey year, each group named once. */
function checkSurveySource(checker: Checker, indicator: Indicator, path: FrameworkPath): void {
  if (indicator.dataType !== 'proportion') checker.add(path, `the 360° survey gives proportions (positive answers over answers): make dataType proportion, not ${indicator.dataType}`);
  if (indicator.periodBasis !== 'survey-year') checker.add(path, `the 360° survey is annual: make periodBasis survey-year, not ${indicator.periodBasis}`);
  checker.unique((indicator.survey?.groups ?? []).map((group) => ({ id: group })), [...path, 'groups'], 'stakeholder group');
}

function checkIndicators(checker: Checker, framework: Framework): void {
  framework.indicators.forEach((indicator, index) => {
    const path: FrameworkPath = ['indicators', index];
    if (!framework.domains.some((domain) => domain.id === indicator.domain)) checker.add([...path, 'domain'], `domain "${indicator.domain}" is not defined (domains: ${framework.domains.map((domain) => domain.id).join(', ')})`);
    const scoring = indicator.scoring;
    const scored: [string, number][] =
      scoring.method === 'national-quartile'
        ? scoring.points.map((value, position) => [String(position), value])
        : scoring.method === 'rank-scaled'
          ? []
          : Object.entries(scoring.method === 'ci-comparison' || scoring.method === 'against-standard' ? scoring.points : scoring.map).filter((entry): entry is [string, number] => entry[1] !== undefined);
    const pointsKey = scoring.method === 'category-map' || scoring.method === 'judgement' ? 'map' : 'points';
    for (const [key, value] of scored) checker.points(value, [...path, 'scoring', pointsKey, scoring.method === 'national-quartile' ? Number(key) : key]);
    if (indicator.survey !== undefined) checkSurveySource(checker, indicator, [...path, 'survey']);
    if (scoring.method === 'judgement') {
      const judgement = framework.judgements.find((candidate) => candidate.id === scoring.judgement);
      if (judgement?.kind !== 'level' || judgement.scale === undefined) checker.add([...path, 'scoring', 'judgement'], `"${scoring.judgement}" is not a level judgement of this framework`);
      else for (const key of Object.keys(scoring.map)) checker.level(judgement.scale, key, [...path, 'scoring', 'map', key]);
    }
  });
}

/** A variant's published distribution: levels of the headline scale, each once, from declared sources, adding up to no more than were rated. */
function checkPublished(checker: Checker, framework: Framework, published: PublishedDistribution, path: FrameworkPath): void {
  checker.unique(published.levels.map((entry) => ({ id: entry.level })), [...path, 'levels'], 'level');
  published.levels.forEach((entry, index) => { checker.level(framework.headlineScale, entry.level, [...path, 'levels', index, 'level']); });
  const known = new Set(framework.sources.map((source) => source.id));
  published.sources.forEach((id, index) => {
    if (!known.has(id)) checker.add([...path, 'sources', index], `source "${id}" is not listed under sources`);
  });
  const counted = published.levels.reduce((sum, entry) => sum + (entry.count ?? 0), 0);
  if (counted > published.organisations) checker.add([...path, 'levels'], `the counts add up to ${counted}, more than the ${published.organisations} organisations rated`);
}

/** Every `basis.sources` entry anywhere in the file must name a declared source. */
function checkSources(checker: Checker, framework: Framework): void {
  const known = new Set(framework.sources.map((source) => source.id));
  const visit = (value: unknown, path: FrameworkPath): void => {
    if (Array.isArray(value)) {
      value.forEach((item: unknown, index) => { visit(item, [...path, index]); });
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [key, inner] of Object.entries(value)) {
      const sources: unknown = key === 'basis' && inner !== null && typeof inner === 'object' ? (inner as { sources?: unknown }).sources : undefined;
      if (Array.isArray(sources)) {
        (sources as string[]).forEach((id, index) => {
          if (!known.has(id)) checker.add([...path, 'basis', 'sources', index], `source "${id}" is not listed under sources`);
        });
      }
      visit(inner, [...path, key]);
    }
  };
  visit(framework, []);
}

/** All cross-reference problems of a schema-valid framework, each with the path of the offending value. */
export function checkFrameworkReferences(framework: Framework): ReferenceProblem[] {
  const checker = new Checker(framework);
  checker.unique(framework.sources, ['sources'], 'source');
  checker.unique(framework.scales, ['scales'], 'scale');
  framework.scales.forEach((scale, index) => { checker.unique(scale.levels.map((level) => ({ id: level.code })), ['scales', index, 'levels'], 'level'); });
  checker.unique(framework.domains, ['domains'], 'domain');
  checker.unique(framework.indicators, ['indicators'], 'indicator');
  checker.unique(framework.composites, ['composites'], 'composite');
  checker.unique(framework.judgements, ['judgements'], 'judgement');
  checker.unique(framework.variants, ['variants'], 'variant');
  checker.unique(framework.guardRails, ['guardRails'], 'guard rail');
  checker.scale(framework.headlineScale, ['headlineScale']);
  framework.judgements.forEach((judgement, index) => {
    if (judgement.scale !== undefined) checker.scale(judgement.scale, ['judgements', index, 'scale']);
  });
  checkGroups(checker, framework);
  checkIndicators(checker, framework);
  if (!framework.variants.some((variant) => variant.id === framework.defaultVariant)) checker.add(['defaultVariant'], `variant "${framework.defaultVariant}" is not defined`);
  framework.variants.forEach((variant, index) => {
    checker.unique(variant.pipeline, ['variants', index, 'pipeline'], 'step');
    variant.pipeline.forEach((step, position) => { checkStep(checker, framework, step, ['variants', index, 'pipeline', position]); });
    if (variant.published !== undefined) checkPublished(checker, framework, variant.published, ['variants', index, 'published']);
  });
  framework.guardRails.forEach((rail, index) => { checker.level(framework.headlineScale, rail.level, ['guardRails', index, 'level']); });
  checkSources(checker, framework);
  return checker.problems;
}
