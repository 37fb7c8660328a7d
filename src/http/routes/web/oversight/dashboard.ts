import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can } from '../../../../domain/policy/can.ts';
import { type OversightDashboard, OversightDashboards } from '../../../../services/oversight/dashboard.ts';
import { authorize } from '../../../authorize.ts';
import { presentDashboard } from '../../../presenters/oversight-meetings.ts';
import type { OversightRouteOptions } from './options.ts';

// The oversight dashboard (/oversight): a regional lead's region, England (or a region) for national roles, a CCG's
// own summary, with the CCGs ranked by risk, what moved, checkpoints due or overdue and actions to chase. It is the
// page the regional team opens most, so its figures are kept while the data they come from is unchanged.

const dashboardQuery = z.object({ region: z.string().max(10).optional().catch(undefined) });

export const oversightDashboardPages: FastifyPluginAsyncZod<OversightRouteOptions> = async (app, { db, clock }) => {
  const dashboards = new OversightDashboards(db);
  // The service hands out the same dashboard while its data is unchanged, so its presentation is kept with it.
  const presented = new WeakMap<OversightDashboard, ReturnType<typeof presentDashboard>>();
  const present = (dashboard: OversightDashboard): ReturnType<typeof presentDashboard> => {
    const kept = presented.get(dashboard);
    if (kept !== undefined) return kept;
    const made = presentDashboard(dashboard);
    presented.set(dashboard, made);
    return made;
  };

  app.get('/oversight', { schema: { hide: true, querystring: dashboardQuery } }, async (request, reply) => {
    authorize(request, 'oversight.list');
    const region = request.query.region === '' ? undefined : request.query.region;
    const dashboard = present(await dashboards.get(request.actor, { regionCode: region, now: clock() }));
    return reply.page('oversight/dashboard.njk', {
      title: `Oversight: ${dashboard.place}`,
      section: 'oversight',
      breadcrumbs: [{ text: 'Home', href: '/' }],
      dashboard,
      seesCases: can(request.actor, 'case.list') === 'allow',
      seesRisk: true,
    });
  });
};
