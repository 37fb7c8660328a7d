// A CCG is in a distressed health economy or it is not: two designations of one CCG may not cover the same day,
// or ending one would leave two in force and raise its intensity twice in the record. An open end is open-ended.

export interface DesignationPeriod {
  readonly id: string;
  readonly startsOn: string;
  readonly endsOn: string | null;
}

/** The first of the designations (other than `exceptId`) that shares a day with the period from `startsOn` to `endsOn`. */
export function overlappingDesignation<T extends DesignationPeriod>(designations: readonly T[], startsOn: string, endsOn: string | null, exceptId?: string): T | undefined {
  return designations.find(
    (designation) => designation.id !== exceptId && designation.startsOn <= (endsOn ?? '9999-12-31') && startsOn <= (designation.endsOn ?? '9999-12-31'),
  );
}
