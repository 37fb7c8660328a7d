import { DEFAULT_CONFIDENCE_LEVELS } from './confidence.ts';
import { type DsrColumns, writeDobsonInterval } from './dsr.ts';
import { allocateIntervalColumns, zValues } from './interval-columns.ts';

// PHEindicatormethods' calculate_dsr(independent_events = FALSE) (v2.1): when one person can have several
// events (admissions, say), the events are not independent and Dobson's variance understates the spread. The
// input counts persons by how many events each had; a person with f events adds f to the count and f² times
// their band's (w/n)² to the variance, so the DSR is unchanged and the limits widen as events concentrate.
// Each frequency's variance is divided by the square of the area's whole standard population; the package
// divides by the standard population of the rows present for that frequency, which is the same when every
// band has a row (if need be of zero persons) for every frequency, as in the package's own example.

export const NON_INDEPENDENT_DSR_METHOD = 'Dobson, with confidence adjusted for non-independent events';

/** `persons` people in the band had exactly `eventFrequency` events each. */
export interface EventFrequencyGroup {
  readonly eventFrequency: number;
  readonly persons: number;
}

export interface NonIndependentDsrBand {
  readonly ageband: string;
  readonly population: number;
  readonly standardPopulation: number;
  readonly frequencies: readonly EventFrequencyGroup[];
}

export interface NonIndependentDsrArea {
  readonly area: string;
  readonly bands: readonly NonIndependentDsrBand[];
}

/** Refused input: the message names the area, the age band and the field. */
export class NonIndependentDsrInputError extends Error {
  override name = 'NonIndependentDsrInputError';
}

function refuse(area: string, band: string, field: string, problem: string): never {
  throw new NonIndependentDsrInputError(`area "${area}", ageband "${band}", ${field}: ${problem}`);
}

function checkBand(area: string, band: NonIndependentDsrBand): void {
  const { ageband } = band;
  if (!(band.population > 0 && Number.isFinite(band.population))) refuse(area, ageband, 'population', `${band.population} must be a number above zero`);
  if (!(band.standardPopulation >= 0 && Number.isFinite(band.standardPopulation))) refuse(area, ageband, 'standard_population', `${band.standardPopulation} must be a number of zero or more`);
  const seen = new Set<number>();
  for (const { eventFrequency, persons } of band.frequencies) {
    if (!(Number.isInteger(eventFrequency) && eventFrequency > 0)) refuse(area, ageband, 'event_frequency', `${eventFrequency} is not a positive whole number`);
    if (seen.has(eventFrequency)) refuse(area, ageband, 'event_frequency', `${eventFrequency} is given more than once`);
    seen.add(eventFrequency);
    // A missing count of persons counts as none, as a missing count does in dsrIntervals.
    if (!Number.isNaN(persons) && !(persons >= 0 && Number.isFinite(persons))) refuse(area, ageband, 'persons', `${persons} must be a number of zero or more (event_frequency ${eventFrequency})`);
  }
}

/**
 * DSRs with limits adjusted for non-independent events. Per area, with xᵦ = Σf·pᵦf events in band b:
 * DSR = Σ(xᵦwᵦ/nᵦ)/Σw, var = Σᵦ Σf f²·pᵦf·(wᵦ/nᵦ)² / (Σw)², limits DSR + √(var/O)(Byar(O) − O) with O the
 * total number of events (not persons). Outputs are NaN below 10 events, as in dsrIntervals; totalCount is
 * events. Throws NonIndependentDsrInputError on a frequency that is not a positive whole number, a negative
 * count of persons, or a population that is not positive.
 */
export function nonIndependentDsrIntervals(areas: readonly NonIndependentDsrArea[], options: { multiplier?: number; confidenceLevels?: readonly number[] } = {}): DsrColumns {
  const multiplier = options.multiplier ?? 100_000;
  const base = allocateIntervalColumns(areas.length, options.confidenceLevels ?? DEFAULT_CONFIDENCE_LEVELS);
  const totalCount = new Float64Array(areas.length);
  const totalPopulation = new Float64Array(areas.length);
  const zs = zValues(base.confidenceLevels);
  areas.forEach(({ area, bands }, index) => {
    let observed = 0;
    let population = 0;
    let weightedRate = 0;
    let weightedVariance = 0;
    let totalWeight = 0;
    for (const band of bands) {
      checkBand(area, band);
      const { population: n, standardPopulation: weight } = band;
      let events = 0;
      let squaredFrequencyPersons = 0;
      for (const { eventFrequency, persons } of band.frequencies) {
        const count = Number.isNaN(persons) ? 0 : persons;
        events += eventFrequency * count;
        squaredFrequencyPersons += eventFrequency * eventFrequency * count;
      }
      observed += events;
      population += n;
      weightedRate += (events * weight) / n;
      weightedVariance += squaredFrequencyPersons * (weight / n) ** 2;
      totalWeight += weight;
    }
    totalCount[index] = observed;
    totalPopulation[index] = population;
    writeDobsonInterval(base, zs, index, { dsr: weightedRate / totalWeight, variance: weightedVariance / totalWeight ** 2, observed }, multiplier);
  });
  return { ...base, totalCount, totalPopulation };
}
