/** The kinds of body the registry holds. */
export const ORGANISATION_TYPES = [
  'ccg',
  'icb',
  'trust',
  'local-authority',
  'integrated-provider',
  'nhs-england-region',
] as const;

export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

/** An ODS code: 3 to 6 capital letters or digits (02N, RXH, Y56, QWE01). */
export const ODS_CODE = /^[A-Z0-9]{3,6}$/;
/** An ONS GSS code: a country letter and 8 digits (E38000001). */
export const ONS_CODE = /^[EWSN][0-9]{8}$/;

/** One organisation as Assure records it; the unit that imports compare and store. */
export interface OrganisationRecord {
  readonly code: string;
  readonly onsCode: string | null;
  readonly name: string;
  readonly type: OrganisationType;
  readonly regionCode: string | null;
  readonly population: number | null;
  readonly establishedOn: string | null;
  readonly closedOn: string | null;
  readonly successorCode: string | null;
  /** Most similar first. */
  readonly peerCodes: readonly string[];
}

export function isOrganisationType(value: string): value is OrganisationType {
  return (ORGANISATION_TYPES as readonly string[]).includes(value);
}

/** True when two records say the same thing, so re-importing one changes nothing. */
export function sameOrganisation(a: OrganisationRecord, b: OrganisationRecord): boolean {
  return (
    a.code === b.code &&
    a.onsCode === b.onsCode &&
    a.name === b.name &&
    a.type === b.type &&
    a.regionCode === b.regionCode &&
    a.population === b.population &&
    a.establishedOn === b.establishedOn &&
    a.closedOn === b.closedOn &&
    a.successorCode === b.successorCode &&
    a.peerCodes.length === b.peerCodes.length &&
    a.peerCodes.every((peer, index) => peer === b.peerCodes[index])
  );
}
