import type { Kysely } from 'kysely';
import { ONS_CODE } from '../domain/organisations/organisation.ts';
import {
  countOrganisations,
  findOrganisation,
  listOrganisations,
  type OrganisationDetail,
  type OrganisationFilter,
  type OrganisationSummary,
} from '../db/repositories/organisations.ts';
import type { DB } from '../db/schema.ts';

export interface OrganisationPage {
  readonly rows: readonly OrganisationSummary[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  readonly pageCount: number;
}

/** One page of the registry; a page past the end comes back empty with the true total. */
export async function getOrganisationPage(
  db: Kysely<DB>,
  filter: OrganisationFilter,
  page: number,
  pageSize: number,
): Promise<OrganisationPage> {
  const [total, rows] = await Promise.all([
    countOrganisations(db, filter),
    listOrganisations(db, filter, { limit: pageSize, offset: (page - 1) * pageSize }),
  ]);
  return { rows, total, page, pageSize, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
}

/** Finds an organisation by its ODS code or its ONS code, in any case. */
export async function getOrganisationByAnyCode(db: Kysely<DB>, code: string): Promise<OrganisationDetail | undefined> {
  const normalised = code.toUpperCase();
  if (!ONS_CODE.test(normalised)) return findOrganisation(db, normalised);
  const match = await listOrganisations(db, { search: normalised }, { limit: 2, offset: 0 });
  const byOns = match.find((organisation) => organisation.onsCode === normalised);
  return byOns === undefined ? undefined : findOrganisation(db, byOns.code);
}

/** The NHS England regions, for filters. */
export async function getRegions(db: Kysely<DB>): Promise<readonly OrganisationSummary[]> {
  return listOrganisations(db, { type: 'nhs-england-region' }, { limit: 100, offset: 0 });
}
