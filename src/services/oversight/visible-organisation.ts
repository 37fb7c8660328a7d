import type { Kysely } from 'kysely';
import type { Actor } from '../../domain/identity/actor.ts';
import { can } from '../../domain/policy/can.ts';
import type { OrganisationScope } from '../../domain/policy/subjects.ts';
import { findOrganisation } from '../../db/repositories/organisations.ts';
import type { DB } from '../../db/schema.ts';
import { NotFoundError } from '../errors.ts';

// Every oversight record belongs to a CCG, and someone who does not see that CCG's oversight record is told
// the CCG is not there, whether it exists or not (the policy's hide).

export interface OversightOrganisation {
  readonly code: string;
  readonly name: string;
  readonly regionCode: string | null;
}

export function hiddenOrganisation(code: string): NotFoundError {
  return new NotFoundError(`There is no CCG ${code} whose oversight record you can see.`);
}

export function oversightScope(organisation: OversightOrganisation): OrganisationScope {
  return { organisationCode: organisation.code, regionCode: organisation.regionCode };
}

/** Whether the actor sees the oversight record of this CCG. */
export function seesOversightOf(actor: Actor, organisation: OversightOrganisation): boolean {
  return can(actor, 'oversight.view', oversightScope(organisation)) === 'allow';
}

/** The CCG, if it is one whose oversight record the actor sees; NotFoundError otherwise. */
export async function visibleOversightOrganisation(db: Kysely<DB>, actor: Actor, code: string): Promise<OversightOrganisation> {
  const found = await findOrganisation(db, code);
  if (found?.type !== 'ccg') throw hiddenOrganisation(code);
  const organisation = { code: found.code, name: found.name, regionCode: found.regionCode };
  if (!seesOversightOf(actor, organisation)) throw hiddenOrganisation(code);
  return organisation;
}
