import { z } from 'zod';
import { COMMISSIONING_FUNCTIONS, COMMISSIONING_FUNCTION_LABELS } from './commissioning-functions.ts';
import { CalendarDate, OrganisationCode, Text } from './schema-parts.ts';

// What NHS England may do once a case is escalated (its powers of direction over a CCG failing or at risk of
// failing, s.14Z21 NHS Act 2006, and its powers over CCG areas): directions, new leadership, another body
// taking named functions, shared management, merger, dissolution. Each kind carries what its decision must name.

export const INTERVENTION_KINDS = ['legal-directions', 'change-of-leadership', 'transfer-of-functions', 'shared-management', 'merger', 'dissolution'] as const;
export type InterventionKind = (typeof INTERVENTION_KINDS)[number];

export const INTERVENTION_LABELS: Readonly<Record<InterventionKind, string>> = {
  'legal-directions': 'Legal directions',
  'change-of-leadership': 'Change of leadership',
  'transfer-of-functions': 'Transfer of functions to another body',
  'shared-management': 'Shared management with another CCG',
  merger: 'Merger',
  dissolution: 'Dissolution',
};

export const InterventionSchema = z.discriminatedUnion('kind', [
  /** Directions are kept in their own register; the case names the one issued. */
  z.strictObject({ kind: z.literal('legal-directions'), directionId: Text, summary: Text }),
  z.strictObject({ kind: z.literal('change-of-leadership'), posts: z.array(Text).min(1, 'name at least one post (for example accountable officer)'), summary: Text }),
  z
    .strictObject({
      kind: z.literal('transfer-of-functions'),
      functions: z.array(z.enum(COMMISSIONING_FUNCTIONS)).min(1, 'name at least one function'),
      /** The body taking the functions: another CCG, a local authority, an integrated provider. */
      toBodyCode: OrganisationCode,
      from: CalendarDate,
      /** The day the functions return, when the direction sets one; null for until further notice. */
      until: CalendarDate.nullable(),
      summary: Text,
    })
    .refine((transfer) => transfer.until === null || transfer.until > transfer.from, { message: 'must be after the transfer starts', path: ['until'] }),
  z.strictObject({ kind: z.literal('shared-management'), partnerCode: OrganisationCode, from: CalendarDate, summary: Text }),
  z.strictObject({
    kind: z.literal('merger'),
    /** The other CCGs merging with the case's organisation. */
    partnerCodes: z.array(OrganisationCode).min(1, 'name at least one CCG to merge with'),
    successorCode: OrganisationCode,
    effectiveOn: CalendarDate,
    summary: Text,
  }),
  /** Dissolution with the population taken on by one successor body. */
  z.strictObject({ kind: z.literal('dissolution'), successorCode: OrganisationCode, effectiveOn: CalendarDate, summary: Text }),
]);
export type Intervention = z.infer<typeof InterventionSchema>;

/** Why an intervention cannot apply to this organisation, or null: a CCG cannot take over from or merge with itself. */
export function interventionProblem(intervention: Intervention, organisationCode: string): string | null {
  switch (intervention.kind) {
    case 'transfer-of-functions':
      return intervention.toBodyCode === organisationCode ? 'Functions cannot be transferred to the organisation that is ceasing them.' : null;
    case 'shared-management':
      return intervention.partnerCode === organisationCode ? 'Shared management needs another CCG as partner.' : null;
    case 'merger': {
      const predecessors = [organisationCode, ...intervention.partnerCodes];
      if (new Set(predecessors).size !== predecessors.length) return 'Each CCG merging is named once, and not the organisation itself.';
      return predecessors.includes(intervention.successorCode) ? 'A merger creates a new successor: its code cannot be one of the merging CCGs.' : null;
    }
    case 'dissolution':
      return intervention.successorCode === organisationCode ? 'A dissolved organisation cannot be its own successor.' : null;
    case 'legal-directions':
    case 'change-of-leadership':
      return null;
  }
}

/** One line for lists and the public register. */
export function describeIntervention(intervention: Intervention): string {
  switch (intervention.kind) {
    case 'transfer-of-functions':
      return `${intervention.functions.map((name) => COMMISSIONING_FUNCTION_LABELS[name]).join(', ')} transferred to ${intervention.toBodyCode} from ${intervention.from}${intervention.until === null ? ' until further notice' : ` until ${intervention.until}`}`;
    case 'shared-management':
      return `Shared management with ${intervention.partnerCode} from ${intervention.from}`;
    case 'merger':
      return `Merger with ${intervention.partnerCodes.join(', ')} into ${intervention.successorCode} on ${intervention.effectiveOn}`;
    case 'dissolution':
      return `Dissolution on ${intervention.effectiveOn}, population served by ${intervention.successorCode}`;
    case 'change-of-leadership':
      return `Change of leadership: ${intervention.posts.join(', ')}`;
    case 'legal-directions':
      return `Legal directions (${intervention.directionId})`;
  }
}
