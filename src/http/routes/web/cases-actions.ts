import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { InputError } from '../../../domain/csv/decode.ts';
import { can } from '../../../domain/policy/can.ts';
import { NotPermittedError } from '../../../domain/policy/decision.ts';
import { type CaseActionKind, isCaseActionKind } from '../../../domain/special-measures/case-actions.ts';
import { CASE_STATE_LABELS } from '../../../domain/special-measures/case-states.ts';
import { TRANSITIONS } from '../../../domain/special-measures/case-transitions.ts';
import type { DB } from '../../../db/schema.ts';
import { ConflictError, NotFoundError } from '../../../services/errors.ts';
import { actOnCase, type CaseDetail, getCase } from '../../../services/special-measures/cases.ts';
import { actionFormErrors, type FormFields, formFields, readActionForm } from '../../presenters/case-action-fields.ts';
import { actionFormModel, startingValues } from '../../presenters/case-action-form.ts';
import type { FormError } from './form-errors.ts';
import { messagesByField } from './form-errors.ts';
import { assertSeesCases } from './cases-access.ts';
import { actionParams } from './cases-forms.ts';
import { caseUrl } from './cases-page.ts';

// One form per action on a case. The form is offered only when the workflow would let the viewer take the
// action now; a refusal on submission re-renders the form with what was typed and an error summary whose
// entries link to the fields (400 for fields, 409 when the case has moved on or a precondition is unmet).

/** The action the URL names, if the viewer may take it on this case now; otherwise the refusal the policy gives. */
function offeredAction(detail: CaseDetail, kind: CaseActionKind, request: FastifyRequest) {
  const decision = can(request.actor, `case.${kind}`, detail.record);
  if (decision !== 'allow') throw new NotPermittedError(`case.${kind}`, decision);
  const action = detail.actions.find((candidate) => candidate.kind === kind);
  if (action === undefined) throw new ConflictError(`“${TRANSITIONS[kind].label}” is not possible while the case is at “${CASE_STATE_LABELS[detail.record.state]}”.`);
  return action;
}

function kindOf(raw: string): CaseActionKind {
  if (!isCaseActionKind(raw)) throw new NotFoundError(`There is no action “${raw}” on a case.`);
  return raw;
}

export const caseActionPages: FastifyPluginAsyncZod<{ db: Kysely<DB>; clock: () => Date }> = async (app, { db, clock }) => {
  const actionPage = async (request: FastifyRequest, reply: FastifyReply, caseId: string, kind: CaseActionKind, values: FormFields | null, errors: readonly FormError[] = [], status = 200) => {
    assertSeesCases(request);
    const detail = await getCase(db, request.actor, caseId, clock());
    const action = offeredAction(detail, kind, request);
    return reply.code(status).page('cases/action.njk', {
      title: `${action.label}: ${detail.organisationName}`,
      section: 'cases',
      breadcrumbs: [
        { text: 'Home', href: '/' },
        { text: 'Special-measures cases', href: '/cases' },
        { text: detail.organisationName, href: caseUrl(caseId) },
      ],
      csrfToken: reply.generateCsrf(),
      errors,
      fieldErrors: messagesByField(errors),
      caseId,
      caseHref: caseUrl(caseId),
      organisation: `${detail.organisationName} (${detail.record.organisationCode})`,
      stateLabel: CASE_STATE_LABELS[detail.record.state],
      blockedBy: action.blockedBy,
      form: actionFormModel(kind, detail, values ?? startingValues(kind, detail)),
    });
  };

  app.get('/cases/:caseId/actions/:kind', { schema: { hide: true } }, async (request, reply) => {
    const { caseId, kind } = actionParams.parse(request.params);
    return actionPage(request, reply, caseId, kindOf(kind), null);
  });

  app.post('/cases/:caseId/actions/:kind', { schema: { hide: true } }, async (request, reply) => {
    const { caseId, kind: raw } = actionParams.parse(request.params);
    assertSeesCases(request);
    const kind = kindOf(raw);
    const fields = formFields(request.body);
    const read = readActionForm(kind, fields);
    if (read.problems.length > 0) return actionPage(request, reply, caseId, kind, fields, read.problems, 400);
    try {
      await actOnCase(db, request.actor, caseId, read.input, { requestId: request.id, at: clock() });
      return await reply.redirect(caseUrl(caseId, kind), 303);
    } catch (error) {
      if (error instanceof InputError) return actionPage(request, reply, caseId, kind, fields, actionFormErrors(read, error.problems), 400);
      if (error instanceof ConflictError) return actionPage(request, reply, caseId, kind, fields, [{ text: error.message, href: '#reason' }], 409);
      throw error;
    }
  });
};
