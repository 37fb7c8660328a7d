import type { OrganisationType } from '../../domain/organisations/organisation.ts';
import type { OrganisationDetail, OrganisationSummary } from '../../db/repositories/organisations.ts';

const TYPE_LABELS: Readonly<Record<OrganisationType, string>> = {
  ccg: 'Clinical commissioning group',
  icb: 'Integrated care board',
  trust: 'NHS trust',
  'local-authority': 'Local authority',
  'integrated-provider': 'Integrated provider',
  'nhs-england-region': 'NHS England region',
};

export function typeLabel(type: OrganisationType): string {
  return TYPE_LABELS[type];
}

export function organisationPath(code: string): string {
  return `/api/v1/organisations/${encodeURIComponent(code)}`;
}

/** The JSON API's shape of an organisation in a list. */
export function presentOrganisationSummary(organisation: OrganisationSummary) {
  return {
    code: organisation.code,
    onsCode: organisation.onsCode,
    name: organisation.name,
    type: organisation.type,
    region:
      organisation.regionCode === null
        ? null
        : { code: organisation.regionCode, name: organisation.regionName ?? organisation.regionCode },
    population: organisation.population,
    links: { self: organisationPath(organisation.code) },
  };
}

/** The JSON API's shape of one organisation with everything it refers to. */
export function presentOrganisation(organisation: OrganisationDetail) {
  return {
    code: organisation.code,
    onsCode: organisation.onsCode,
    name: organisation.name,
    type: organisation.type,
    region: organisation.region,
    population: organisation.population,
    establishedOn: organisation.establishedOn,
    closedOn: organisation.closedOn,
    successor: organisation.successor,
    predecessors: [...organisation.predecessors],
    peers: organisation.peers.map((peer, index) => ({ rank: index + 1, code: peer.code, name: peer.name, links: { self: organisationPath(peer.code) } })),
    hasBoundary: organisation.hasBoundary,
    links: { self: organisationPath(organisation.code), page: `/organisations/${encodeURIComponent(organisation.code)}` },
  };
}

const wholeNumber = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

export function formatPopulation(population: number | null): string {
  return population === null ? 'Not recorded' : wholeNumber.format(population);
}

// Made once: building a date formatter costs about 0.1 ms, and a year-end report shows dozens of dates.
const LONG_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

export function formatDate(date: string | null): string {
  if (date === null) return 'Not recorded';
  return LONG_DATE.format(new Date(`${date}T00:00:00Z`));
}
