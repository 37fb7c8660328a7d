import type { Intervention } from './interventions.ts';
import type { MergerRecord, ResponsibilityRecord } from './responsibility.ts';

// What a decided intervention changes in the responsibility registry: a transfer of functions adds one record
// per function; a merger creates its successor; a dissolution hands the population to an existing body. The
// other interventions change who leads or directs the CCG, not who commissions for its population.

export interface RegistryChanges {
  readonly records: readonly ResponsibilityRecord[];
  readonly mergers: readonly MergerRecord[];
}

/** `basis` names the decision for the registry's explanations ("case 12, intervention 1"). */
export function registryChangesOf(intervention: Intervention, organisationCode: string, basis: string): RegistryChanges {
  switch (intervention.kind) {
    case 'transfer-of-functions':
      return {
        records: intervention.functions.map((fn) => ({ organisationCode, function: fn, responsibleBodyCode: intervention.toBodyCode, from: intervention.from, until: intervention.until, basis })),
        mergers: [],
      };
    case 'merger':
      return { records: [], mergers: [{ kind: 'merger', predecessorCodes: [organisationCode, ...intervention.partnerCodes], successorCode: intervention.successorCode, effectiveOn: intervention.effectiveOn }] };
    case 'dissolution':
      return { records: [], mergers: [{ kind: 'absorption', predecessorCodes: [organisationCode], successorCode: intervention.successorCode, effectiveOn: intervention.effectiveOn }] };
    case 'legal-directions':
    case 'change-of-leadership':
    case 'shared-management':
      return { records: [], mergers: [] };
  }
}
