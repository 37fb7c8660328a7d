import { addMonths, longDate } from '../special-measures/calendar-months.ts';
import { assuranceYearOf } from './assurance-year.ts';
import { type Cadence, DEFAULT_OVERSIGHT_CONFIG, type OversightConfig } from './config.ts';
import { INTENSITIES, INTENSITY_LABELS, type Intensity, MEETING_FORMAT_LABELS, MEETING_KIND_LABELS, RISK_LABELS, type RiskStatus } from './levels.ts';

// How intensively a CCG is assured, and when its next checkpoint falls due. The intensity follows the risk
// level (a light touch for low risk, standard for medium, enhanced for high; a CCG not assessed as the
// configuration says, never a light touch) and is raised, never lowered, while the CCG is in a distressed
// health economy or a special-measures case is open. The cadence of each intensity is configuration.

const BY_LEVEL: Readonly<Record<Exclude<RiskStatus, 'not-assessed'>, Intensity>> = { low: 'light-touch', medium: 'standard', high: 'enhanced' };

/** What raises a CCG's intensity beyond its risk level, on the date. */
export interface IntensityCircumstances {
  readonly distressedEconomy: boolean;
  readonly specialMeasures: boolean;
}

export const NO_CIRCUMSTANCES: IntensityCircumstances = { distressedEconomy: false, specialMeasures: false };

export interface IntensityDecision {
  readonly intensity: Intensity;
  /** Why, in order: the risk level's intensity, then each circumstance that raised it. */
  readonly reasons: readonly string[];
}

function atLeast(current: Intensity, floor: Intensity): Intensity {
  return INTENSITIES.indexOf(floor) > INTENSITIES.indexOf(current) ? floor : current;
}

export function riskIntensity(level: RiskStatus, circumstances: IntensityCircumstances, config: OversightConfig = DEFAULT_OVERSIGHT_CONFIG): IntensityDecision {
  const base = level === 'not-assessed' ? config.intensity.notAssessed : BY_LEVEL[level];
  let intensity = base;
  const reasons = [`${RISK_LABELS[level]}: ${INTENSITY_LABELS[base].toLowerCase()}`];
  const raise = (applies: boolean, floor: Intensity, why: string): void => {
    if (!applies) return;
    const raised = atLeast(intensity, floor);
    reasons.push(`${why}: at least ${INTENSITY_LABELS[floor].toLowerCase()}${raised === intensity ? '' : `, raised to ${INTENSITY_LABELS[raised].toLowerCase()}`}`);
    intensity = raised;
  };
  raise(circumstances.distressedEconomy, config.intensity.distressedEconomy, 'In a distressed health economy');
  raise(circumstances.specialMeasures, config.intensity.inSpecialMeasures, 'In special measures');
  return { intensity, reasons };
}

export interface CheckpointDue extends Cadence {
  readonly intensity: Intensity;
  /** The last checkpoint or visit held on or before the date; null when none has been. */
  readonly lastHeldOn: string | null;
  /** everyMonths after the last one held, or after the assurance year started when none has been. */
  readonly dueOn: string;
  readonly overdue: boolean;
  readonly text: string;
}

/** When the next checkpoint is due at this intensity, from the last one held. */
export function nextCheckpoint(intensity: Intensity, lastHeldOn: string | null, asOf: string, config: OversightConfig = DEFAULT_OVERSIGHT_CONFIG): CheckpointDue {
  const cadence = config.cadence[intensity];
  const from = lastHeldOn ?? assuranceYearOf(asOf, config.yearStartMonth).startsOn;
  const dueOn = addMonths(from, cadence.everyMonths);
  const overdue = dueOn < asOf;
  const every = cadence.everyMonths === 1 ? 'every month' : `every ${String(cadence.everyMonths)} months`;
  const since = lastHeldOn === null ? `none held since the assurance year began on ${longDate(from)}` : `the last held on ${longDate(lastHeldOn)}`;
  const text = `${INTENSITY_LABELS[intensity]}: ${MEETING_KIND_LABELS[cadence.kind].toLowerCase()} (${MEETING_FORMAT_LABELS[cadence.format].toLowerCase()}) ${every}; ${since}, so the next is ${overdue ? 'overdue since' : 'due by'} ${longDate(dueOn)}.`;
  return { intensity, ...cadence, lastHeldOn, dueOn, overdue, text };
}
