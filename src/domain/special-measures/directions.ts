import { z } from 'zod';
import { CalendarDate, OrganisationCode, Text } from './schema-parts.ts';

// Legal directions: NHS England's directions to a CCG failing or at risk of failing (s.14Z21 NHS Act 2006, and
// s.14Z61 for ICBs), kept as a register of what each requires, by when, and the dates it was applied, varied and
// lifted. A direction is in force from the day it is applied until the day it is lifted (that day no longer).

export const LEGAL_BASES = ['s.14Z21 NHS Act 2006', 's.14Z61 NHS Act 2006'] as const;

export const Requirement = z.strictObject({
  text: Text,
  /** When the requirement must be met, if the direction sets a date ("an improvement plan within 6 weeks"). */
  dueOn: CalendarDate.nullable(),
});
export type Requirement = z.infer<typeof Requirement>;

/** A variation from its date: what changed and, when it replaced them, the requirements from then on. */
export const Variation = z.strictObject({ on: CalendarDate, summary: Text, requirements: z.array(Requirement).min(1).nullable() });
export type Variation = z.infer<typeof Variation>;

export const LegalDirectionSchema = z
  .strictObject({
    id: Text,
    organisationCode: OrganisationCode,
    legalBasis: z.enum(LEGAL_BASES),
    title: Text,
    requirements: z.array(Requirement).min(1, 'a direction requires at least one thing'),
    appliedOn: CalendarDate,
    variations: z.array(Variation).default([]),
    liftedOn: CalendarDate.nullable().default(null),
    /** Whether the direction is on the public register (published directions are NHS England's public record). */
    published: z.boolean().default(false),
  })
  .superRefine((direction, context) => {
    direction.variations.forEach((variation, index) => {
      if (variation.on <= direction.appliedOn) context.addIssue({ code: 'custom', path: ['variations', index, 'on'], message: 'a variation comes after the direction was applied' });
      if (direction.liftedOn !== null && variation.on >= direction.liftedOn) context.addIssue({ code: 'custom', path: ['variations', index, 'on'], message: 'a variation comes before the direction was lifted' });
    });
    if (direction.liftedOn !== null && direction.liftedOn <= direction.appliedOn) context.addIssue({ code: 'custom', path: ['liftedOn'], message: 'must be after the direction was applied' });
  });
export type LegalDirection = z.infer<typeof LegalDirectionSchema>;

export function isInForce(direction: LegalDirection, date: string): boolean {
  return direction.appliedOn <= date && (direction.liftedOn === null || date < direction.liftedOn);
}

/** The directions in force on the date, in the order given. */
export function directionsInForce(directions: readonly LegalDirection[], date: string): LegalDirection[] {
  return directions.filter((direction) => isInForce(direction, date));
}

/** What the direction required on the date: the last variation up to then that replaced the requirements, or the original ones. */
export function requirementsOn(direction: LegalDirection, date: string): readonly Requirement[] {
  let requirements: readonly Requirement[] = direction.requirements;
  for (const variation of direction.variations.toSorted((a, b) => a.on.localeCompare(b.on))) {
    if (variation.on <= date && variation.requirements !== null) requirements = variation.requirements;
  }
  return requirements;
}

/** Requirements in force on the date whose due date has passed, for the reminder list and the case page. */
export function overdueRequirements(directions: readonly LegalDirection[], date: string): { readonly direction: LegalDirection; readonly requirement: Requirement }[] {
  return directionsInForce(directions, date).flatMap((direction) =>
    requirementsOn(direction, date)
      .filter((requirement) => requirement.dueOn !== null && requirement.dueOn < date)
      .map((requirement) => ({ direction, requirement })),
  );
}
