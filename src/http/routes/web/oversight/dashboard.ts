import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can } from '../../../../domain/policy/can.ts';
import { type OversightDashboard, OversightDashboards } from '../../../../services/oversight/dashboard.ts';
import { authorize } from '../../../authorize.ts';
import { presentDashboard } from '../../../presenters/oversight-meetings.ts';
import { KeptPage } from '../../../kept-page.ts';
import { viewerOf } from '../../../viewer.ts';
import type { OversightRouteOptions } from './options.ts';

// The oversight dashboard (/oversight): a regional lead's region, England (or a region) for national roles, a CCG's
// own summary, with the CCGs ranked by risk, what moved, checkpoints due or overdue and actions to chase. It is the
// page the regional team opens most, so its figures are kept while the data they come from is unchanged.

/** Pages kept per dashboard: one per viewer of its scope (their name is in the header), a few in practice. */
const KEPT_PAGES_PER_DASHBOARD = 50;

const dashboardQuery = z.object({ region: z.string().max(10).optional().catch(undefined) });

export const oversightDashboardPages: FastifyPluginAsyncZod<OversightRouteOptions> = async (app, { db, clock }) => {
  const dashboards = new OversightDashboards(db);
  // The service hands out the same dashboard while its data is unchanged, so its presentation and its pages are
  // kept with it: a page depends only on the dashboard and on what the header and the case links show the viewer
  // (no form on it carries a per-request token), so serving it again costs a look-up, not a render (kept-page.ts).
  const kept = new WeakMap<OversightDashboard, { presented: ReturnType<typeof presentDashboard>; pages: Map<string, KeptPage> }>();
  const keptFor = (dashboard: OversightDashboard): { presented: ReturnType<typeof presentDashboard>; pages: Map<string, KeptPage> } => {
    const entry = kept.get(dashboard) ?? { presented: presentDashboard(dashboard), pages: new Map<string, KeptPage>() };
    kept.set(dashboard, entry);
    return entry;
  };

  app.get('/oversight', { schema: { hide: true, querystring: dashboardQuery } }, async (request, reply) => {
    authorize(request, 'oversight.list');
    const region = request.query.region === '' ? undefined : request.query.region;
    const { presented, pages } = keptFor(await dashboards.get(request.actor, { regionCode: region, now: clock() }));
    const seesCases = can(request.actor, 'case.list') === 'allow';
    const pageKey = JSON.stringify([viewerOf(request.actor), seesCases]);
    const page = pages.get(pageKey);
    if (page !== undefined) return reply.html(page);
    const made = new KeptPage(reply.renderPage('oversight/dashboard.njk', {
      title: `Oversight: ${presented.place}`,
      section: 'oversight',
      breadcrumbs: [{ text: 'Home', href: '/' }],
      dashboard: presented,
      seesCases,
      seesRisk: true,
    }));
    if (pages.size >= KEPT_PAGES_PER_DASHBOARD) pages.clear();
    pages.set(pageKey, made);
    return reply.html(made);
  });
};
