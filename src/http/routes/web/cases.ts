import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { InputError } from '../../../domain/csv/decode.ts';
import type { Actor } from '../../../domain/identity/actor.ts';
import { NotPermittedError } from '../../../domain/policy/decision.ts';
import { holds } from '../../../domain/policy/subjects.ts';
import { TRIGGER_KINDS, TRIGGER_LABELS } from '../../../domain/special-measures/trigger-config.ts';
import type { DB } from '../../../db/schema.ts';
import { ConflictError, NotFoundError } from '../../../services/errors.ts';
import { getOrganisationPage } from '../../../services/organisation-queries.ts';
import { latestDailyCheck } from '../../../services/jobs/daily-checks.ts';
import { listCases, openCase } from '../../../services/special-measures/cases.ts';
import { listCaseProposals } from '../../../services/special-measures/proposals.ts';
import { caseRemindersCsv, caseStatistics } from '../../../services/special-measures/reminders.ts';
import { presentDailyCheck, presentProposal, presentStatistics } from '../../presenters/case-dashboard.ts';
import { presentCaseSummary } from '../../presenters/case-summary.ts';
import { type FormError, formErrors, messagesByField } from './form-errors.ts';
import { readForm } from './form-body.ts';
import { assertSeesCases } from './cases-access.ts';
import { caseActionPages } from './cases-actions.ts';
import { caseDoneMessage, dashboardQuery, newCaseQuery, openCaseForm } from './cases-forms.ts';
import { caseDetailPages } from './cases-page.ts';

// Special-measures cases: the dashboard (cases, proposals from the triggers, figures, the reminder list) and
// opening a case. Each case's page and its action forms are in cases-page.ts and cases-actions.ts.

export const CASES_BREADCRUMBS = [
  { text: 'Home', href: '/' },
  { text: 'Special-measures cases', href: '/cases' },
];

/** The CCGs of the regions the viewer leads: a case is opened by the region's lead. */
async function organisationsToOpen(db: Kysely<DB>, actor: Actor) {
  const regions = actor.kind === 'user' ? actor.grants.flatMap((grant) => (grant.role === 'regional-lead' ? [grant.regionCode] : [])) : [];
  const pages = await Promise.all(regions.map((regionCode) => getOrganisationPage(db, { type: 'ccg', regionCode }, 1, 1000)));
  return pages.flatMap((page) => page.rows.map((row) => ({ value: row.code, text: `${row.name} (${row.code})` })));
}

const OPEN_FIELD_LABELS: Readonly<Record<string, string>> = { '#reason': 'Reason', '#triggers': 'Triggers', '#organisationCode': 'CCG' };

/** "Reason: must not be blank": the service names the field, the summary says it in words. */
function labelled(errors: readonly FormError[]): FormError[] {
  return errors.map((error) => ({ ...error, text: `${OPEN_FIELD_LABELS[error.href] ?? 'Case'}: ${error.text}` }));
}

const EMPTY_OPEN_FORM = { organisationCode: '', reason: '', triggers: [] as string[] };

/** Special-measures cases for the staff who run them and the CCGs they are about; forms work without JavaScript. */
export const casePages: FastifyPluginAsyncZod<{ db: Kysely<DB>; clock: () => Date }> = async (app, { db, clock }) => {
  app.get('/cases', { schema: { hide: true } }, async (request, reply) => {
    assertSeesCases(request);
    const { show } = dashboardQuery.parse(request.query);
    const now = clock();
    const [cases, proposals, statistics, organisations, dailyCheck] = await Promise.all([
      listCases(db, request.actor, { at: now, includeClosed: show !== 'open' }),
      listCaseProposals(db, request.actor, now),
      caseStatistics(db, request.actor, now),
      getOrganisationPage(db, { type: 'ccg' }, 1, 10_000),
      latestDailyCheck(db, request.actor, now),
    ]);
    const lookup = new Map(organisations.rows.map((row) => [row.code, { name: row.name, regionCode: row.regionCode }]));
    const shown = show === 'closed' ? cases.filter((summary) => summary.closedOutcome !== null) : cases;
    return reply.page('cases/list.njk', {
      title: 'Special-measures cases',
      section: 'cases',
      breadcrumbs: [{ text: 'Home', href: '/' }],
      csrfToken: reply.generateCsrf(),
      done: caseDoneMessage(request.query),
      show,
      filterItems: [
        { value: 'open', text: 'Open cases', checked: show === 'open' },
        { value: 'closed', text: 'Closed cases', checked: show === 'closed' },
        { value: 'all', text: 'All cases', checked: show === 'all' },
      ],
      cases: shown.map(presentCaseSummary),
      proposals: proposals.map((proposal) => presentProposal(proposal, lookup.get(proposal.organisationCode), request.actor)),
      statistics: presentStatistics(statistics),
      dailyCheck: presentDailyCheck(dailyCheck, lookup),
      opensCases: holds(request.actor, 'regional-lead'),
    });
  });

  app.get('/cases/reminders.csv', { schema: { hide: true } }, async (request, reply) => {
    assertSeesCases(request);
    const csv = await caseRemindersCsv(db, request.actor, clock());
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="special-measures-reminders.csv"').send(csv);
  });

  const newCasePage = async (request: FastifyRequest, reply: FastifyReply, form: typeof EMPTY_OPEN_FORM, errors: readonly FormError[] = [], status = 200) => {
    const organisations = await organisationsToOpen(db, request.actor);
    return reply.code(status).page('cases/new.njk', {
      title: 'Open a special-measures case',
      section: 'cases',
      breadcrumbs: CASES_BREADCRUMBS,
      csrfToken: reply.generateCsrf(),
      errors,
      fieldErrors: messagesByField(errors),
      form,
      organisationItems: [{ value: '', text: 'Choose a CCG' }, ...organisations.map((organisation) => ({ ...organisation, selected: organisation.value === form.organisationCode }))],
      triggerItems: TRIGGER_KINDS.map((kind) => ({ value: kind, text: TRIGGER_LABELS[kind], checked: form.triggers.includes(kind) })),
    });
  };

  /** Only a regional lead opens cases; anyone else is refused before anything is looked up. */
  const assertOpensCases = (request: FastifyRequest) => {
    assertSeesCases(request);
    if (!holds(request.actor, 'regional-lead')) throw new NotPermittedError('case.open', 'forbid');
  };

  app.get('/cases/new', { schema: { hide: true } }, async (request, reply) => {
    assertOpensCases(request);
    const { organisation } = newCaseQuery.parse(request.query);
    return newCasePage(request, reply, { ...EMPTY_OPEN_FORM, organisationCode: organisation ?? '' });
  });

  app.post('/cases/new', { schema: { hide: true } }, async (request, reply) => {
    assertOpensCases(request);
    const form = readForm(openCaseForm, request.body);
    if (form.organisationCode === '') return newCasePage(request, reply, form, [{ text: 'Choose the CCG the case is about', href: '#organisationCode' }], 400);
    try {
      const opened = await openCase(db, request.actor, { organisationCode: form.organisationCode, reason: form.reason, triggers: form.triggers }, { requestId: request.id, at: clock() });
      return await reply.redirect(`/cases/${encodeURIComponent(opened.id)}?done=opened`, 303);
    } catch (error) {
      if (error instanceof InputError) return newCasePage(request, reply, form, labelled(formErrors(error, 'reason')), 400);
      if (error instanceof ConflictError || error instanceof NotFoundError) return newCasePage(request, reply, form, [{ text: error.message, href: '#organisationCode' }], error instanceof ConflictError ? 409 : 422);
      throw error;
    }
  });

  await app.register(caseDetailPages, { db, clock });
  await app.register(caseActionPages, { db, clock });
};
