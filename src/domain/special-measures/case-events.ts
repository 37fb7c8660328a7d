import type { JsonValue } from '../audit/canonical-json.ts';
import type { AuditActor } from '../audit/event.ts';
import type { FieldProblem } from './config-problems.ts';
import type { CaseStep } from './case-roles.ts';
import type { SpecialMeasuresCase } from './case-record.ts';
import type { CaseState } from './case-states.ts';

// What a step on a case produces: the case after it and the record of the step (who, when, why, from, to),
// or a refusal that says in words why the step cannot be taken. The service stores the event and writes it to
// the audit trail in the same transaction.

export interface CaseEvent {
  readonly caseId: string;
  readonly organisationCode: string;
  readonly step: CaseStep;
  readonly actor: AuditActor;
  /** ISO 8601 instant. */
  readonly at: string;
  readonly reason: string;
  /** null when the step opened the case. */
  readonly from: CaseState | null;
  readonly to: CaseState;
  /** The step's other fields (basis, months, plan, intervention …). */
  readonly details: JsonValue;
}

export type CaseRefusal =
  /** The actor's roles do not allow the step; 'hide' when the actor may not know the case exists. */
  | { readonly kind: 'not-permitted'; readonly decision: 'forbid' | 'hide'; readonly message: string }
  /** The case is not in a state the step can be taken from. */
  | { readonly kind: 'wrong-state'; readonly message: string }
  /** A field is missing or wrong. */
  | { readonly kind: 'invalid'; readonly problems: readonly FieldProblem[]; readonly message: string }
  /** The state is right but something the step needs has not happened (or has happened too often). */
  | { readonly kind: 'precondition'; readonly message: string };

export type CaseResult = { readonly ok: true; readonly case: SpecialMeasuresCase; readonly event: CaseEvent } | { readonly ok: false; readonly refusal: CaseRefusal };

export function refuse(refusal: CaseRefusal): CaseResult {
  return { ok: false, refusal };
}
