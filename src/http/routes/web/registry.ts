import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { londonDate } from '../../../domain/calendar/london-time.ts';
import { isCalendarDate } from '../../../domain/calendar-date.ts';
import { longDate } from '../../../domain/special-measures/calendar-months.ts';
import { COMMISSIONING_FUNCTION_LABELS, COMMISSIONING_FUNCTIONS, isCommissioningFunction } from '../../../domain/special-measures/commissioning-functions.ts';
import type { DB } from '../../../db/schema.ts';
import { organisationLineage, whoIsResponsibleFor } from '../../../services/special-measures/registry.ts';
import { codesIn, lineageModel, lineageSentences, organisationLabel, responsibilityModel } from '../../presenters/registry.ts';
import { knownOrganisationCode, organisationNames } from '../api/registry.ts';
import type { FormError } from './form-errors.ts';
import { messagesByField } from './form-errors.ts';

// "Who is responsible?": a GET form over the responsibility registry, no sign-in. Pages take any query string: a
// value that is not even text is treated as left blank, and the question is answered or its fields' problems shown.

const text = z.string().max(100).optional().catch(undefined);
const registryQuery = z.object({ organisation: text, function: text, day: text, month: text, year: text });

/** "2017-04-01" from the form's day, month and year, or null when they do not make a date on the calendar. */
function dateOf(day: string, month: string, year: string): string | null {
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return null;
  const date = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  return isCalendarDate(date) ? date : null;
}

export const registryPages: FastifyPluginAsyncZod<{ db: Kysely<DB>; clock: () => Date }> = async (app, { db, clock }) => {
  app.get('/registry', { schema: { hide: true, querystring: registryQuery } }, async (request, reply) => {
    const today = londonDate(clock());
    const [todayYear = '', todayMonth = '', todayDay = ''] = today.split('-');
    const query = request.query;
    const asked = query.organisation !== undefined;
    const values = {
      organisation: (query.organisation ?? '').trim(),
      function: query.function ?? COMMISSIONING_FUNCTIONS[0],
      day: (query.day ?? String(Number(todayDay))).trim(),
      month: (query.month ?? String(Number(todayMonth))).trim(),
      year: (query.year ?? todayYear).trim(),
    };
    const page = { title: 'Who is responsible?', section: 'registry', values, functions: COMMISSIONING_FUNCTIONS.map((fn) => ({ value: fn, text: COMMISSIONING_FUNCTION_LABELS[fn], selected: fn === values.function })) };
    if (!asked) return reply.page('registry/registry.njk', { ...page, errors: [], messages: {} });

    const errors: FormError[] = [];
    const code = values.organisation === '' ? undefined : await knownOrganisationCode(db, values.organisation);
    if (values.organisation === '') errors.push({ text: 'Enter an organisation’s ODS code, for example 02N', href: '#organisation' });
    else if (code === undefined) errors.push({ text: `No organisation has the code ${values.organisation}: enter an ODS code, for example 02N`, href: '#organisation' });
    const fn = values.function;
    if (!isCommissioningFunction(fn)) errors.push({ text: 'Choose a commissioning function', href: '#function' });
    const date = dateOf(values.day, values.month, values.year);
    if (date === null) errors.push({ text: 'Enter a real date, for example 1 4 2017', href: '#date-day' });
    if (code === undefined || !isCommissioningFunction(fn) || date === null) {
      return reply.page('registry/registry.njk', { ...page, title: `Error: ${page.title}`, errors, messages: messagesByField(errors) });
    }

    const [answers, lineage] = await Promise.all([whoIsResponsibleFor(db, { organisationCode: code, fn, date }), organisationLineage(db, code)]);
    const names = await organisationNames(db, [...codesIn(answers, lineage), code]);
    const answer = responsibilityModel(code, fn, date, answers, names);
    const history = lineageModel(lineage, names);
    return reply.page('registry/registry.njk', {
      ...page,
      errors: [],
      messages: {},
      answer: {
        ...answer,
        organisationText: organisationLabel(answer.organisation),
        dateText: longDate(date),
        parts: answer.answers.map((part) => ({ ...part, populationText: organisationLabel(part.population), responsibleText: organisationLabel(part.responsibleBody) })),
      },
      lineage: lineageSentences(history),
      apiHref: `/api/v1/registry/responsibility?organisation=${encodeURIComponent(code)}&function=${encodeURIComponent(fn)}&date=${date}`,
    });
  });
};
