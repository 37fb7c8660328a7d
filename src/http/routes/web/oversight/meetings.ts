import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { InputError } from '../../../../domain/csv/decode.ts';
import { ConflictError } from '../../../../services/errors.ts';
import { targetEvidence } from '../../../../services/oversight/evidence.ts';
import { cancelMeeting, organisationMeetings, recordMeeting, scheduleMeeting, showAction, showMeeting, updateAction } from '../../../../services/oversight/meetings.ts';
import { authorize } from '../../../authorize.ts';
import {
  actionPath,
  actionStatusItems,
  concernKindItems,
  formatItems,
  kindItems,
  meetingPath,
  meetingsPath,
  organisationPath,
  presentAction,
  presentMeeting,
  presentOrganisationMeetings,
  type RecordFormRows,
} from '../../../presenters/oversight-meetings.ts';
import { presentTargetEvidence } from '../../../presenters/oversight-evidence.ts';
import { readForm } from '../form-body.ts';
import { type FormError, formErrors, messagesByField } from '../form-errors.ts';
import type { OversightRouteOptions } from './options.ts';

// Checkpoint meetings and visits: a CCG's meetings with the form to schedule one (its region's lead), a meeting's
// page (agenda with sources and dates, attendees, minutes, actions with their update forms, concerns, evidence, and
// the forms to record or cancel it), and an action's page with its history. Every form works without JavaScript:
// the record form offers spare rows and a button for one more.

const OVERSIGHT_BREADCRUMBS = [
  { text: 'Home', href: '/' },
  { text: 'Oversight', href: '/oversight' },
];

/** Minutes may be 200,000 characters of any script: URL-encoded, up to about 18 bytes each. */
const RECORD_BODY_LIMIT = 4 * 1024 * 1024;

const organisationParams = z.object({ code: z.string().max(20) });
const meetingParams = z.object({ meetingId: z.string().max(100) });
const actionParams = z.object({ actionId: z.string().max(100) });
const doneQuery = z.object({ done: z.enum(['scheduled', 'recorded', 'amended', 'cancelled', 'updated']).optional().catch(undefined) });

/** A field a form may repeat (one per row), in the order the rows came. */
const repeated = z.union([z.string(), z.array(z.string()).max(500)]).optional().catch(undefined);

const scheduleForm = z.object({ scheduledOn: z.string().max(20).catch(''), kind: z.string().max(40).catch(''), format: z.string().max(40).catch('') });
const recordForm = z.object({
  expectedVersion: z.coerce.number().int().catch(0),
  heldOn: z.string().max(20).catch(''),
  attendeeName: repeated,
  attendeeOrganisation: repeated,
  attendeeRole: repeated,
  minutes: z.string().catch(''),
  actionDescription: repeated,
  actionOwner: repeated,
  actionDueOn: repeated,
  concernKind: repeated,
  concernSerious: repeated,
  concernNote: repeated,
  more: z.enum(['attendee', 'action', 'concern']).optional().catch(undefined),
});
type RecordForm = z.infer<typeof recordForm>;
const cancelForm = z.object({ expectedVersion: z.coerce.number().int().catch(0), reason: z.string().catch('') });
const actionForm = z.object({
  expectedVersion: z.coerce.number().int().catch(0),
  status: z.string().max(40).catch(''),
  dueOn: z.string().max(20).catch(''),
  reason: z.string().catch(''),
  returnTo: z.string().max(300).catch(''),
});
type ActionForm = z.infer<typeof actionForm>;

const DONE_MESSAGES = {
  scheduled: 'The meeting is scheduled; its agenda was generated from what changed since the last meeting held.',
  recorded: 'The meeting is recorded as held, with its actions.',
  amended: 'The meeting’s record was changed.',
  cancelled: 'The meeting is cancelled.',
  updated: 'The action was updated; the earlier version is kept in its history.',
} as const;

function values(field: string | readonly string[] | undefined): string[] {
  if (field === undefined) return [];
  return typeof field === 'string' ? [field] : [...field];
}

/** Rows of parallel repeated fields, in order; rows left wholly blank are left out (the domain ignores them too). */
function rowsOf<K extends string>(fields: Readonly<Record<K, string | readonly string[] | undefined>>): Record<K, string>[] {
  const columns = Object.entries(fields).map(([key, field]) => [key, values(field as string | readonly string[] | undefined)] as const);
  const count = Math.max(0, ...columns.map(([, list]) => list.length));
  return Array.from({ length: count }, (_, index) => Object.fromEntries(columns.map(([key, list]) => [key, list[index] ?? ''])) as Record<K, string>).filter((row) => Object.values(row).some((value) => (value as string).trim() !== ''));
}

function submittedRows(form: RecordForm): RecordFormRows {
  return {
    attendees: rowsOf({ name: form.attendeeName, organisation: form.attendeeOrganisation, role: form.attendeeRole }),
    actions: rowsOf({ description: form.actionDescription, owner: form.actionOwner, dueOn: form.actionDueOn }),
    // A concern's kind alone is a choice left at its default only when its note is empty too.
    concerns: rowsOf({ kind: form.concernKind, note: form.concernNote, serious: form.concernSerious }).filter((row) => row.kind !== '' || row.note.trim() !== ''),
  };
}

/** The rows given, then blank ones: enough for `minimum` rows and at least one, and one more when asked for. */
function withSpare<T>(rows: readonly T[], blank: T, more: boolean, minimum: number): T[] {
  return [...rows, ...Array.from({ length: Math.max(1, minimum - rows.length) + (more ? 1 : 0) }, () => blank)];
}

/** "attendees.2.role" → "attendees-2-role", the field's id on the page. */
function fieldId(field: string): string {
  return field.replace(/\./g, '-');
}

function pageErrors(error: InputError, fallback: string): FormError[] {
  return formErrors(error, fallback).map((entry) => ({ ...entry, href: `#${fieldId(entry.href.slice(1))}` }));
}

/** Where a form on a meeting's page returns to: that page only. */
function safeReturn(path: string): string | null {
  return /^\/oversight\/meetings\/[0-9a-f-]{36}(#[a-z-]+)?$/.test(path) ? path : null;
}

export const oversightMeetingsPages: FastifyPluginAsyncZod<OversightRouteOptions> = async (app, { db, clock }) => {
  async function meetingsPage(request: FastifyRequest, reply: FastifyReply, code: string, form: z.infer<typeof scheduleForm> | null, errors: readonly FormError[] = [], done?: string) {
    const record = presentOrganisationMeetings(await organisationMeetings(db, request.actor, code, { at: clock() }));
    const shown = form ?? { scheduledOn: record.suggestedDate, kind: record.cadence.kind, format: record.cadence.format };
    return reply.code(errors.length > 0 ? 422 : 200).page('oversight/meetings-list.njk', {
      title: `${errors.length > 0 ? 'Error: ' : ''}${record.organisation.name}: checkpoint meetings`,
      section: 'oversight',
      breadcrumbs: [...OVERSIGHT_BREADCRUMBS, { text: record.organisation.name, href: record.overviewHref }],
      csrfToken: reply.generateCsrf(),
      record,
      form: shown,
      kindItems: kindItems(shown.kind),
      formatItems: formatItems(shown.format),
      errors,
      fieldErrors: messagesByField(errors),
      done,
    });
  }

  app.get('/oversight/organisations/:code/meetings', { schema: { hide: true, params: organisationParams, querystring: doneQuery } }, async (request, reply) => {
    authorize(request, 'oversight.list');
    const { done } = request.query;
    return meetingsPage(request, reply, request.params.code, null, [], done === undefined ? undefined : DONE_MESSAGES[done]);
  });

  app.post('/oversight/organisations/:code/meetings', { schema: { hide: true, params: organisationParams } }, async (request, reply) => {
    authorize(request, 'oversight.list');
    const form = readForm(scheduleForm, request.body);
    try {
      const meeting = await scheduleMeeting(db, request.actor, { organisationCode: request.params.code, ...form, requestId: request.id, at: clock() });
      return await reply.redirect(`${meetingPath(meeting.id)}?done=scheduled`, 303);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return meetingsPage(request, reply, request.params.code, form, pageErrors(error, 'scheduledOn'));
    }
  });

  async function meetingPage(request: FastifyRequest, reply: FastifyReply, id: string, extra: { rows?: RecordFormRows; form?: RecordForm; errors?: readonly FormError[]; status?: number; done?: string | undefined; cancelReason?: string } = {}) {
    const detail = await showMeeting(db, request.actor, id, { at: clock() });
    const meeting = presentMeeting(detail);
    const errors = extra.errors ?? [];
    const rows = extra.rows ?? { attendees: detail.meeting.attendees, actions: [], concerns: [] };
    const more = extra.form?.more;
    const record = {
      heldOn: extra.form?.heldOn ?? meeting.heldOn,
      minutes: extra.form?.minutes ?? detail.meeting.minutes,
      expectedVersion: extra.form === undefined || errors.length === 0 ? detail.meeting.version : extra.form.expectedVersion,
      attendees: withSpare(rows.attendees, { name: '', organisation: '', role: '' }, more === 'attendee', 3),
      actions: withSpare(rows.actions, { description: '', owner: '', dueOn: '' }, more === 'action', 2),
      concerns: withSpare(rows.concerns.map((row) => ({ ...row, kindItems: concernKindItems(row.kind) })), { kind: '', serious: 'yes', note: '', kindItems: concernKindItems('') }, more === 'concern', 1),
    };
    return reply.code(extra.status ?? (errors.length > 0 ? 422 : 200)).page('oversight/meeting.njk', {
      title: `${errors.length > 0 ? 'Error: ' : ''}${detail.organisation.name}: ${meeting.title}`,
      section: 'oversight',
      breadcrumbs: [...OVERSIGHT_BREADCRUMBS, { text: detail.organisation.name, href: organisationPath(detail.organisation.code) }, { text: 'Checkpoint meetings', href: meetingsPath(detail.organisation.code) }],
      csrfToken: reply.generateCsrf(),
      meeting,
      record,
      cancelReason: extra.cancelReason ?? '',
      statusItems: actionStatusItems(''),
      evidence: presentTargetEvidence(await targetEvidence(db, request.actor, 'meeting', detail.meeting.id), 'meeting', detail.meeting.id, `${meetingPath(detail.meeting.id)}#evidence`),
      errors,
      fieldErrors: messagesByField(errors),
      done: extra.done,
    });
  }

  app.get('/oversight/meetings/:meetingId', { schema: { hide: true, params: meetingParams, querystring: doneQuery } }, async (request, reply) => {
    authorize(request, 'oversight.list');
    const { done } = request.query;
    return meetingPage(request, reply, request.params.meetingId, { done: done === undefined ? undefined : DONE_MESSAGES[done] });
  });

  app.post('/oversight/meetings/:meetingId/record', { schema: { hide: true, params: meetingParams }, bodyLimit: RECORD_BODY_LIMIT }, async (request, reply) => {
    authorize(request, 'oversight.list');
    const form = readForm(recordForm, request.body);
    const rows = submittedRows(form);
    const id = request.params.meetingId;
    // "One more row" shows the form again with what was typed, saving nothing.
    if (form.more !== undefined) return meetingPage(request, reply, id, { rows, form });
    try {
      const outcome = await recordMeeting(db, request.actor, id, {
        expectedVersion: form.expectedVersion,
        heldOn: form.heldOn,
        attendees: rows.attendees,
        minutes: form.minutes,
        actions: rows.actions,
        concerns: rows.concerns.map((row) => ({ kind: row.kind, note: row.note, serious: row.serious !== 'no' })),
        requestId: request.id,
        at: clock(),
      });
      return await reply.redirect(`${meetingPath(outcome.meeting.id)}?done=${outcome.kind}`, 303);
    } catch (error) {
      if (error instanceof InputError) return meetingPage(request, reply, id, { rows, form, errors: pageErrors(error, 'minutes') });
      if (error instanceof ConflictError) return meetingPage(request, reply, id, { rows, form, errors: [{ text: error.message, href: '#heldOn' }], status: 409 });
      throw error;
    }
  });

  app.post('/oversight/meetings/:meetingId/cancel', { schema: { hide: true, params: meetingParams } }, async (request, reply) => {
    authorize(request, 'oversight.list');
    const form = readForm(cancelForm, request.body);
    const id = request.params.meetingId;
    try {
      const meeting = await cancelMeeting(db, request.actor, id, { ...form, requestId: request.id, at: clock() });
      return await reply.redirect(`${meetingPath(meeting.id)}?done=cancelled`, 303);
    } catch (error) {
      if (error instanceof InputError) return meetingPage(request, reply, id, { errors: pageErrors(error, 'reason').map((entry) => ({ ...entry, href: '#cancel-reason' })), cancelReason: form.reason });
      if (error instanceof ConflictError) return meetingPage(request, reply, id, { errors: [{ text: error.message, href: '#cancel-reason' }], status: 409, cancelReason: form.reason });
      throw error;
    }
  });

  async function actionPage(request: FastifyRequest, reply: FastifyReply, id: string, extra: { form?: ActionForm; errors?: readonly FormError[]; status?: number; done?: string | undefined } = {}) {
    const detail = await showAction(db, request.actor, id, { at: clock() });
    const action = presentAction(detail);
    const errors = extra.errors ?? [];
    const form = extra.form ?? { expectedVersion: detail.action.version, status: '', dueOn: '', reason: '', returnTo: '' };
    return reply.code(extra.status ?? (errors.length > 0 ? 422 : 200)).page('oversight/action.njk', {
      title: `${errors.length > 0 ? 'Error: ' : ''}${detail.organisation.name}: action`,
      section: 'oversight',
      breadcrumbs: [...OVERSIGHT_BREADCRUMBS, { text: detail.organisation.name, href: organisationPath(detail.organisation.code) }, { text: 'Checkpoint meetings', href: meetingsPath(detail.organisation.code) }],
      csrfToken: reply.generateCsrf(),
      action,
      form: { ...form, expectedVersion: errors.length === 0 ? detail.action.version : form.expectedVersion },
      statusItems: actionStatusItems(form.status === '' ? detail.action.status : (form.status as typeof detail.action.status)),
      errors,
      fieldErrors: messagesByField(errors),
      done: extra.done,
    });
  }

  app.get('/oversight/actions/:actionId', { schema: { hide: true, params: actionParams, querystring: doneQuery } }, async (request, reply) => {
    authorize(request, 'oversight.list');
    const { done } = request.query;
    return actionPage(request, reply, request.params.actionId, { done: done === undefined ? undefined : DONE_MESSAGES[done] });
  });

  app.post('/oversight/actions/:actionId', { schema: { hide: true, params: actionParams } }, async (request, reply) => {
    authorize(request, 'oversight.list');
    const form = readForm(actionForm, request.body);
    const id = request.params.actionId;
    try {
      const action = await updateAction(db, request.actor, id, { ...form, requestId: request.id, at: clock() });
      const back = safeReturn(form.returnTo);
      return await reply.redirect(back === null ? `${actionPath(action.id)}?done=updated` : back.replace(/(#.*)?$/, `?done=updated$1`), 303);
    } catch (error) {
      if (error instanceof InputError) return actionPage(request, reply, id, { form, errors: pageErrors(error, 'reason') });
      if (error instanceof ConflictError) return actionPage(request, reply, id, { form, errors: [{ text: error.message, href: '#reason' }], status: 409 });
      throw error;
    }
  });
};
