import { longDate } from '../../domain/special-measures/calendar-months.ts';
import { isInForce, requirementsOn } from '../../domain/special-measures/directions.ts';
import type { StoredDirection } from '../../services/special-measures/directions.ts';
import { formatDateTime } from './date-time.ts';

// Legal directions as the register's pages show them: in force or lifted on a date, what they require now,
// and every variation.

export function directionStatus(direction: StoredDirection, date: string): { readonly text: string; readonly colour: string } {
  if (direction.liftedOn !== null && direction.liftedOn <= date) return { text: `Lifted ${longDate(direction.liftedOn)}`, colour: 'grey' };
  if (isInForce(direction, date)) return { text: 'In force', colour: 'red' };
  return { text: `From ${longDate(direction.appliedOn)}`, colour: 'yellow' };
}

export function presentDirectionSummary(direction: StoredDirection, organisationName: string | undefined, date: string) {
  const status = directionStatus(direction, date);
  return {
    id: direction.id,
    href: `/directions/${encodeURIComponent(direction.id)}`,
    title: direction.title,
    organisation: `${organisationName ?? direction.organisationCode} (${direction.organisationCode})`,
    appliedOn: longDate(direction.appliedOn),
    status: status.text,
    statusColour: status.colour,
    inForce: isInForce(direction, date),
    published: direction.publishedOn === null ? 'Not published' : `Published ${longDate(direction.publishedOn)}`,
  };
}

export function presentDirection(direction: StoredDirection, organisationName: string | undefined, date: string) {
  const requirements = (list: readonly { readonly text: string; readonly dueOn: string | null }[]) => list.map((requirement) => ({ text: requirement.text, dueOn: requirement.dueOn === null ? 'No date set' : longDate(requirement.dueOn) }));
  return {
    ...presentDirectionSummary(direction, organisationName, date),
    legalBasis: direction.legalBasis,
    organisationCode: direction.organisationCode,
    lifted: direction.liftedOn !== null,
    liftedOn: direction.liftedOn === null ? null : longDate(direction.liftedOn),
    liftedReason: direction.liftedReason,
    caseHref: direction.caseId === null ? null : `/cases/${encodeURIComponent(direction.caseId)}`,
    recorded: `${direction.recordedBy}, ${formatDateTime(direction.recordedAt)}`,
    requirementsNow: requirements(requirementsOn(direction, date)),
    originalRequirements: requirements(direction.requirements),
    variations: direction.variations.map((variation) => ({ on: longDate(variation.on), summary: variation.summary, requirements: variation.requirements === null ? null : requirements(variation.requirements) })),
  };
}
