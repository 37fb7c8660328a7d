import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can } from '../../../../domain/policy/can.ts';
import { nationalFinance, organisationFinance, regionFinance } from '../../../../services/oversight/finance.ts';
import { importFinanceReturns } from '../../../../services/oversight/finance-import.ts';
import { authorize } from '../../../authorize.ts';
import { presentFinanceList, presentOrganisationFinance } from '../../../presenters/oversight-finance.ts';
import type { OversightRouteOptions } from './options.ts';
import { acceptReturnUploads, registerReturnImportPage } from './return-upload.ts';

const OVERSIGHT_BREADCRUMBS = [
  { text: 'Home', href: '/' },
  { text: 'Oversight', href: '/oversight' },
];
const FINANCE_BREADCRUMBS = [...OVERSIGHT_BREADCRUMBS, { text: 'Finance', href: '/oversight/finance' }];

const listQuery = z.object({
  region: z.string().max(10).optional().catch(undefined),
  outcome: z.enum(['imported', 'unchanged']).optional().catch(undefined),
});

const organisationParams = z.object({ code: z.string().max(20) });
const organisationQuery = z.object({ year: z.string().max(10).optional().catch(undefined) });

const IMPORTED_MESSAGES = {
  imported: 'The finance returns were imported.',
  unchanged: 'This file was imported before (the same contents): nothing changed.',
} as const;

/** The finance pages: the CCGs one sees worst first, a CCG's year, and the import. */
export const oversightFinancePages: FastifyPluginAsyncZod<OversightRouteOptions> = async (app, { db, clock }) => {
  await acceptReturnUploads(app);

  app.get('/oversight/finance', { schema: { hide: true, querystring: listQuery } }, async (request, reply) => {
    authorize(request, 'oversight.list');
    const region = request.query.region === undefined || request.query.region === '' ? undefined : request.query.region;
    const list = region === undefined ? await nationalFinance(db, request.actor) : await regionFinance(db, request.actor, region);
    const regionName = list.regions.find((candidate) => candidate.code === list.regionCode)?.name;
    const { outcome } = request.query;
    return reply.page('oversight/finance-list.njk', {
      title: regionName === undefined ? 'Finance' : `Finance: ${regionName}`,
      section: 'oversight',
      breadcrumbs: OVERSIGHT_BREADCRUMBS,
      mayImport: can(request.actor, 'oversight.import-finance') === 'allow',
      done: outcome === undefined ? undefined : IMPORTED_MESSAGES[outcome],
      finance: presentFinanceList(list),
    });
  });

  app.get('/oversight/organisations/:code/finance', { schema: { hide: true, params: organisationParams, querystring: organisationQuery } }, async (request, reply) => {
    const finance = await organisationFinance(db, request.actor, request.params.code, request.query.year, { at: clock() });
    const { organisation } = finance;
    return reply.page('oversight/finance-organisation.njk', {
      title: `${organisation.name}: finance ${finance.year.year.label}`,
      section: 'oversight',
      breadcrumbs: [...OVERSIGHT_BREADCRUMBS, { text: organisation.name, href: `/oversight/organisations/${encodeURIComponent(organisation.code)}` }],
      finance: presentOrganisationFinance(finance),
      listHref: '/oversight/finance',
    });
  });

  registerReturnImportPage(app, {
    path: '/oversight/finance/import',
    policy: 'oversight.import-finance',
    template: 'oversight/finance-import.njk',
    title: 'Import finance returns',
    breadcrumbs: FINANCE_BREADCRUMBS,
    listPath: '/oversight/finance',
    clock,
    importReturn: (actor, upload) => importFinanceReturns(db, actor, upload),
  });
};
