import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { ORGANISATION_TYPES, isOrganisationType } from '../../../domain/organisations/organisation.ts';
import type { DB } from '../../../db/schema.ts';
import { getOrganisationByAnyCode, getOrganisationPage, getRegions } from '../../../services/organisation-queries.ts';
import { formatDate, formatPopulation, typeLabel } from '../../presenters/organisation.ts';
import { HttpProblem } from '../../problem.ts';
import { authorize } from '../../authorize.ts';
import { paginationModel } from './pagination.ts';

const PAGE_SIZE = 25;

// Pages take any query string: a bad value is ignored rather than answered with a 400 page.
const listQuery = z.object({
  q: z.string().optional().catch(undefined),
  type: z.string().optional().catch(undefined),
  region: z.string().optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100000).catch(1).default(1),
});

export const organisationPages: FastifyPluginAsyncZod<{ db: Kysely<DB> }> = async (app, { db }) => {
  app.get('/organisations', { schema: { hide: true, querystring: listQuery } }, async (request, reply) => {
    authorize(request, 'organisation.view');
    const q = request.query.q?.trim().slice(0, 100) ?? '';
    const type = request.query.type !== undefined && isOrganisationType(request.query.type) ? request.query.type : undefined;
    const regions = await getRegions(db);
    const region = regions.find((candidate) => candidate.code === request.query.region?.toUpperCase())?.code;
    const result = await getOrganisationPage(db, { search: q, type, regionCode: region }, request.query.page, PAGE_SIZE);
    const first = (result.page - 1) * PAGE_SIZE + 1;
    const last = Math.min(result.total, result.page * PAGE_SIZE);
    const resultText =
      result.total === 0
        ? `No organisations match${q === '' ? '' : ` “${q}”`}.`
        : result.rows.length === 0
          ? `Page ${result.page} is past the end: there are ${result.total} organisations in ${result.pageCount} pages.`
          : `Showing ${first} to ${last} of ${result.total} organisation${result.total === 1 ? '' : 's'}${q === '' ? '' : ` matching “${q}”`}.`;
    return reply.page('organisations/list.njk', {
      title: result.page > 1 ? `Organisations (page ${result.page})` : 'Organisations',
      section: 'organisations',
      filter: { q },
      typeOptions: [
        { value: '', text: 'Any type', selected: type === undefined },
        ...ORGANISATION_TYPES.map((value) => ({ value, text: typeLabel(value), selected: value === type })),
      ],
      regionOptions: [
        { value: '', text: 'Any region', selected: region === undefined },
        ...regions.map((candidate) => ({ value: candidate.code, text: candidate.name, selected: candidate.code === region })),
      ],
      resultText,
      rows: result.rows.map((row) => ({
        ...row,
        typeLabel: typeLabel(row.type),
        population: row.population === null ? '' : formatPopulation(row.population),
      })),
      page: { number: result.page, count: result.pageCount },
      paginationOptions: paginationModel('/organisations', { q, type, region }, result.page, result.pageCount),
    });
  });

  app.get(
    '/organisations/:code',
    { schema: { hide: true, params: z.object({ code: z.string().max(20) }) } },
    async (request, reply) => {
      authorize(request, 'organisation.view');
      const organisation = /^[A-Za-z0-9]{3,9}$/.test(request.params.code)
        ? await getOrganisationByAnyCode(db, request.params.code)
        : undefined;
      if (organisation === undefined) throw new HttpProblem(404, 'No organisation has that code. Search the list of organisations instead.');
      if (organisation.code !== request.params.code) return reply.redirect(`/organisations/${encodeURIComponent(organisation.code)}`, 301);
      const link = (target: { code: string; name: string } | null) =>
        target === null ? { text: 'None' } : { html: `<a href="/organisations/${encodeURIComponent(target.code)}">${escapeHtml(target.name)}</a> (${escapeHtml(target.code)})` };
      return reply.page('organisations/show.njk', {
        title: organisation.name,
        section: 'organisations',
        breadcrumbs: [
          { text: 'Home', href: '/' },
          { text: 'Organisations', href: '/organisations' },
        ],
        organisation: { ...organisation, typeLabel: typeLabel(organisation.type) },
        summaryRows: [
          { key: { text: 'ODS code' }, value: { text: organisation.code } },
          { key: { text: 'ONS code' }, value: { text: organisation.onsCode ?? 'None' } },
          { key: { text: 'Type' }, value: { text: typeLabel(organisation.type) } },
          { key: { text: 'Region' }, value: link(organisation.region) },
          { key: { text: 'Population' }, value: { text: formatPopulation(organisation.population) } },
          { key: { text: 'Established' }, value: { text: formatDate(organisation.establishedOn) } },
          { key: { text: 'Closed' }, value: { text: organisation.closedOn === null ? 'Open' : formatDate(organisation.closedOn) } },
          { key: { text: 'Successor' }, value: link(organisation.successor) },
        ],
      });
    },
  );
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
