import { z } from 'zod';
import { parseWith, type Parsed } from '../special-measures/config-problems.ts';
import { WholeNumber } from '../special-measures/schema-parts.ts';
import { INTENSITIES, MEETING_FORMATS, MEETING_KINDS } from './levels.ts';

// Continuous assurance as data: when the assurance year starts, and how often each intensity of assurance
// meets the CCG and how. The defaults follow the 2015/16 process (quarterly checkpoints as the norm, a
// lighter touch for CCGs performing well, more frequent assessment and face-to-face visits for challenged
// CCGs and those in distressed health economies); the figures are Assure's starting points, set by
// configuration (ASSURE_OVERSIGHT_CONFIG).

const Cadence = z.strictObject({
  /** A checkpoint falls due this many months after the last one held (or after the year starts). */
  everyMonths: WholeNumber.min(1, 'must be at least 1').max(12, 'must be at most 12'),
  kind: z.enum(MEETING_KINDS),
  format: z.enum(MEETING_FORMATS),
});
export type Cadence = z.infer<typeof Cadence>;

export const OversightConfigSchema = z
  .strictObject({
    /** The assurance year's first month: 4 (April), NHS England's financial year. */
    yearStartMonth: WholeNumber.min(1).max(12).default(4),
    cadence: z
      .strictObject({
        'light-touch': Cadence.default({ everyMonths: 3, kind: 'checkpoint', format: 'teleconference' }),
        standard: Cadence.default({ everyMonths: 2, kind: 'checkpoint', format: 'video' }),
        enhanced: Cadence.default({ everyMonths: 1, kind: 'visit', format: 'face-to-face' }),
      })
      .prefault({}),
    intensity: z
      .strictObject({
        /** A CCG with too little evidence to assess its risk is met as often as this, never with a light touch. */
        notAssessed: z.enum(INTENSITIES).refine((intensity) => intensity !== 'light-touch', 'a CCG whose risk is not assessed cannot have a light touch').default('standard'),
        /** At least this intensity for a CCG in a distressed health economy. */
        distressedEconomy: z.enum(INTENSITIES).default('enhanced'),
        /** At least this intensity while a special-measures case is open. */
        inSpecialMeasures: z.enum(INTENSITIES).default('enhanced'),
      })
      .prefault({}),
    /** A meeting's agenda lists actions due within this many days, beside those overdue. */
    actionsDueSoonDays: WholeNumber.min(0).max(90).default(14),
  })
  .prefault({});
export type OversightConfig = z.infer<typeof OversightConfigSchema>;

export const DEFAULT_OVERSIGHT_CONFIG: OversightConfig = OversightConfigSchema.parse(undefined);

/** Oversight configuration (missing sections and fields take their defaults), or every problem by field. */
export function parseOversightConfig(input: unknown): Parsed<OversightConfig> {
  return parseWith(OversightConfigSchema, input);
}
