import type { JudgementInput } from '../rating/inputs.ts';
import { directionsInForce, type LegalDirection } from './directions.ts';

// Directions in force cap a CCG's rating through the framework's own limiter: the shipped frameworks declare a
// flag judgement `legal-directions` and a limiter `when: { flag: legal-directions }, cap: requires-improvement`.
// The register, not a hand-kept flag, says which organisations are under directions on the assessment date.

/** The flag id the shipped frameworks (CCG AF 2015/16, CCG IAF 2016/17) give the judgement. */
export const LEGAL_DIRECTIONS_FLAG = 'legal-directions';

/**
 * The `legal-directions` judgement for each organisation on the rating's assessment date: true with the
 * directions named when any is in force, false otherwise, so the rating's explanation says which applied.
 */
export function legalDirectionsJudgements(
  organisationCodes: readonly string[],
  directions: readonly LegalDirection[],
  asOf: string,
  recordedBy: string,
  flag = LEGAL_DIRECTIONS_FLAG,
): JudgementInput[] {
  const inForce = directionsInForce(directions, asOf);
  return organisationCodes.map((org) => {
    const own = inForce.filter((direction) => direction.organisationCode === org);
    return {
      org,
      judgement: flag,
      value: own.length > 0,
      recordedBy,
      rationale: own.length > 0 ? `In force on ${asOf}: ${own.map((direction) => `${direction.id} (${direction.legalBasis}, applied ${direction.appliedOn})`).join('; ')}` : `No legal directions in force on ${asOf}`,
    };
  });
}
