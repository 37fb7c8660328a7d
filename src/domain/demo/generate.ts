import type { Framework } from '../frameworks/schema.ts';
import { type IndicatorValueInput, type JudgementInput, NOT_APPLICABLE, type OrganisationInput } from '../rating/inputs.ts';
import { type Random, sampleBinomial, samplePoisson, seededRandom } from '../rating/random.ts';
import { type DemoHistoryValue, monthlyHistory } from './history.ts';
import { rateIntervals } from '../statistics/rate.ts';
import { CATEGORICAL_PROFILES, JUDGEMENT_PROFILES, type JudgementProfile, LEGAL_DIRECTIONS_COUNT, NUMERIC_PROFILES, type NumericProfile } from './profiles.ts';

// A reproducible year of indicator values and judgements for the real CCGs: real populations, peers, regions
// and the real inequality indicator (106a); everything else synthetic and labelled so.

/** A CCG as the generator needs it; the caller loads these from reference data or the database. */
export interface DemoOrganisation {
  readonly code: string;
  readonly name: string;
  readonly region: string | null;
  readonly peerCodes: readonly string[];
  readonly population: number;
  /** Index of Multiple Deprivation score (real, from ccg_equity). */
  readonly deprivation: number;
  /** The real inequality indicator: absolute gradient index with its 95% interval (ccg_equity). */
  readonly inequality: { readonly value: number; readonly lower95: number; readonly upper95: number };
}

export interface DemoDataset {
  readonly seed: number;
  readonly asOf: string;
  readonly label: string;
  readonly organisations: readonly OrganisationInput[];
  readonly values: readonly IndicatorValueInput[];
  readonly judgements: readonly JudgementInput[];
  /** The months before the latest of the monthly indicators: history for run charts, never rated. */
  readonly history: readonly DemoHistoryValue[];
}

export const DEFAULT_DEMO_SEED = 2016;
/** The 2015/16 year end; every generated value covers the year to this date, or the month to it where the indicator is monthly. */
export const DEMO_PERIOD_END = '2016-03-31';
export const DEMO_AS_OF = '2016-06-30';
const REAL_INEQUALITY_SOURCE = 'real: ccg_equity, unplanned ACSC hospitalisation absolute gradient index (OGL v3.0)';
const RECORDED_BY = 'NHS England local team (synthetic)';

interface Traits {
  readonly deprivation: number;
  readonly capability: number;
  readonly pressure: number;
}

function standardise(values: readonly number[]): number[] {
  const mean = values.reduce((total, value) => total + value, 0) / values.length;
  const sd = Math.sqrt(values.reduce((total, value) => total + (value - mean) ** 2, 0) / values.length) || 1;
  return values.map((value) => (value - mean) / sd);
}

function traitsFor(organisations: readonly DemoOrganisation[], random: Random): Traits[] {
  const deprivation = standardise(organisations.map((org) => org.deprivation));
  return deprivation.map((z) => ({
    deprivation: z,
    // Capability is mostly the CCG's own; deprived areas are a little harder to commission for.
    capability: -0.3 * z + Math.sqrt(1 - 0.09) * random.normal(),
    // Pressure on the local acute system is shared by deprivation and chance.
    pressure: 0.3 * z + Math.sqrt(1 - 0.09) * random.normal(),
  }));
}

function latent(profile: { deprivation: number; capability: number; pressure?: number }, traits: Traits, random: Random): number {
  const explained = profile.deprivation * traits.deprivation + profile.capability * traits.capability + (profile.pressure ?? 0) * traits.pressure;
  const explainedVariance = profile.deprivation ** 2 + profile.capability ** 2 + (profile.pressure ?? 0) ** 2;
  return explained + Math.sqrt(Math.max(0, 1 - explainedVariance)) * random.normal();
}

const logit = (p: number): number => Math.log(p / (1 - p));
const expit = (x: number): number => 1 / (1 + Math.exp(-x));

function numericValue(profile: NumericProfile, org: DemoOrganisation, traits: Traits, random: Random): Omit<IndicatorValueInput, 'org' | 'indicator' | 'synthetic' | 'source' | 'periodEnd'> {
  const z = latent(profile, traits, random);
  if (profile.kind === 'proportion') {
    const p = expit(logit(profile.mean / 100) + profile.spread * z);
    const denominator = Math.max(1, Math.round(org.population * profile.perHead));
    return { numerator: sampleBinomial(random, denominator, p), denominator };
  }
  if (profile.kind === 'rate' || profile.kind === 'standardised-rate') {
    const per = profile.per ?? 100_000;
    const exposed = Math.max(1, Math.round(org.population * profile.perHead));
    const events = samplePoisson(random, ((profile.mean * Math.exp(profile.spread * z)) / per) * exposed);
    if (profile.kind === 'rate') return { numerator: events, denominator: exposed };
    // Reported like a published DSR: the value and its interval (Byar's, from the statistics library), no counts.
    const limits = rateIntervals(Float64Array.of(events), Float64Array.of(exposed), { multiplier: per, confidenceLevels: [0.95] });
    return { value: limits.value[0] ?? null, lower95: limits.lower[0]?.[0] ?? null, upper95: limits.upper[0]?.[0] ?? null };
  }
  const error = (profile.error ?? 0) * Math.sqrt(250_000 / org.population);
  const value = profile.mean + profile.spread * z + error * random.normal();
  return { value, lower95: value - 1.96 * error, upper95: value + 1.96 * error };
}

/** Assigns categories by rank of a latent score so that each gets its intended share exactly. */
function byRank<T>(scores: readonly number[], shares: readonly (readonly [T, number])[]): T[] {
  const order = scores.map((score, index) => ({ score, index })).sort((a, b) => b.score - a.score || a.index - b.index);
  const result = new Array<T>(scores.length);
  let start = 0;
  shares.forEach(([category, share], position) => {
    const end = position === shares.length - 1 ? scores.length : Math.min(scores.length, start + Math.round(share * scores.length));
    for (let rank = start; rank < end; rank++) result[order[rank]?.index ?? 0] = category;
    start = end;
  });
  return result;
}

/** Levels by rank of capability plus noise, among the CCGs the judgement applies to; the rest not-applicable. */
function judgementLevels(profile: JudgementProfile, traits: readonly Traits[], random: Random): (string | undefined)[] {
  const slots = traits.map((_, slot) => slot);
  const applying = profile.applies === undefined ? slots : byRank(slots.map(() => random.uniform()), [[true, profile.applies], [false, 1 - profile.applies]]).flatMap((holds, slot) => (holds ? [slot] : []));
  const scores = applying.map((slot) => latent({ capability: profile.capability, deprivation: 0 }, traits[slot] as Traits, random));
  const ranked = byRank(scores, profile.levels);
  const levels = new Array<string | undefined>(traits.length);
  applying.forEach((slot, position) => (levels[slot] = ranked[position]));
  return levels;
}

/** Generates the demo year for the given CCGs. Same organisations and seed, same data. */
export function generateDemoData(organisations: readonly DemoOrganisation[], seed = DEFAULT_DEMO_SEED): DemoDataset {
  const sorted = [...organisations].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const random = seededRandom(seed);
  const traits = traitsFor(sorted, random);
  const source = `synthetic: Assure demo generator, seed ${seed}`;
  const values: IndicatorValueInput[] = [];
  for (const profile of NUMERIC_PROFILES) {
    sorted.forEach((org, slot) => {
      values.push({ org: org.code, indicator: profile.code, ...numericValue(profile, org, traits[slot] as Traits, random), periodEnd: DEMO_PERIOD_END, synthetic: true, source });
    });
  }
  sorted.forEach((org) => {
    values.push({ org: org.code, indicator: '106a', value: org.inequality.value, lower95: org.inequality.lower95, upper95: org.inequality.upper95, periodEnd: DEMO_PERIOD_END, synthetic: false, source: REAL_INEQUALITY_SOURCE });
  });
  for (const profile of CATEGORICAL_PROFILES) {
    const categories = byRank(sorted.map((_, slot) => latent(profile, traits[slot] as Traits, random)), profile.categories);
    sorted.forEach((org, slot) => values.push({ org: org.code, indicator: profile.code, category: categories[slot] ?? null, periodEnd: DEMO_PERIOD_END, synthetic: true, source }));
  }

  const judgements: JudgementInput[] = [];
  for (const profile of JUDGEMENT_PROFILES) {
    const levels = judgementLevels(profile, traits, random);
    sorted.forEach((org, slot) => judgements.push({ org: org.code, judgement: profile.judgement, value: levels[slot] ?? NOT_APPLICABLE, recordedBy: RECORDED_BY, rationale: 'synthetic demo judgement' }));
  }
  // Directions go to the most troubled CCGs: low capability, with some chance in who is caught.
  const distress = sorted.map((_, slot) => -(traits[slot]?.capability ?? 0) + 0.5 * random.normal());
  const directed = new Set(byRank(distress, [[true, LEGAL_DIRECTIONS_COUNT / sorted.length], [false, 1]]).flatMap((holds, slot) => (holds ? [slot] : [])));
  sorted.forEach((org, slot) => judgements.push({ org: org.code, judgement: 'legal-directions', value: directed.has(slot), recordedBy: RECORDED_BY, rationale: 'synthetic demo flag' }));
  const history = monthlyHistory(values, random, `${source} (monthly history)`);

  return {
    seed,
    asOf: DEMO_AS_OF,
    label: `Demo data, seed ${seed}: real CCGs, populations, peers, regions and inequality indicator (106a); every other value and judgement synthetic`,
    organisations: sorted.map((org) => ({ code: org.code, name: org.name, region: org.region, peerCodes: org.peerCodes, peerType: null, population: org.population })),
    values,
    judgements,
    history,
  };
}

/** A data set as the engine takes it, generated or stored. */
export type RatingData = Pick<DemoDataset, 'organisations' | 'values' | 'judgements' | 'asOf'>;

/** The part of a data set a framework uses: its indicators' values and its judgements (other frameworks' are left out). */
export function inputsForFramework(framework: Framework, dataset: RatingData): RatingData {
  const indicators = new Set(framework.indicators.filter((indicator) => indicator.dataType !== 'judgement').map((indicator) => indicator.code));
  const judgements = new Set(framework.judgements.map((judgement) => judgement.id));
  return {
    asOf: dataset.asOf,
    organisations: dataset.organisations,
    values: dataset.values.filter((value) => indicators.has(value.indicator)),
    judgements: dataset.judgements.filter((judgement) => judgements.has(judgement.judgement)),
  };
}
