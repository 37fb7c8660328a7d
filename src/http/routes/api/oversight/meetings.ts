import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ActionTiming } from '../../../../domain/oversight/meetings.ts';
import { type OversightDashboard, OversightDashboards } from '../../../../services/oversight/dashboard.ts';
import {
  assertMayRecordMeeting,
  assertMayRecordMeetings,
  assertMayUpdateAction,
  cancelMeeting,
  organisationMeetings,
  recordMeeting,
  scheduleMeeting,
  showAction,
  showMeeting,
  type StoredAction,
  type StoredMeeting,
  updateAction,
} from '../../../../services/oversight/meetings.ts';
import { authorize } from '../../../authorize.ts';
import { actionPath, meetingPath, organisationPath } from '../../../presenters/oversight-meetings.ts';
import type { OversightRouteOptions } from '../../web/oversight/options.ts';
import { problemSchema } from '../organisation-schemas.ts';
import {
  actionParams,
  actionResponse,
  actionUpdateBody,
  cancelBody,
  dashboardQuery,
  dashboardResponse,
  meetingOrganisationParams,
  meetingParams,
  meetingResponse,
  organisationMeetingsResponse,
  recordBody,
  recordedResponse,
  scheduleBody,
  scheduledResponse,
} from './meetings-schemas.ts';

const TAGS = ['oversight'];
const PROBLEMS = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };
const WRITE_PROBLEMS = { ...PROBLEMS, 409: problemSchema };

function meetingJson(meeting: StoredMeeting) {
  const { agenda: _agenda, agendaSince: _since, regionCode: _region, ...rest } = meeting;
  const self = `/api/v1/oversight/meetings/${encodeURIComponent(meeting.id)}`;
  return { ...rest, createdAt: meeting.createdAt.toISOString(), updatedAt: meeting.updatedAt.toISOString(), links: { self, page: meetingPath(meeting.id) } };
}

function actionJson(action: StoredAction, timing: ActionTiming) {
  const { regionCode: _region, ...rest } = action;
  return { ...rest, timing, updatedAt: action.updatedAt.toISOString(), links: { self: `/api/v1/oversight/actions/${encodeURIComponent(action.id)}`, page: actionPath(action.id) } };
}

function dashboardJson(dashboard: OversightDashboard) {
  return {
    asOf: dashboard.asOf,
    previousAsOf: dashboard.previousAsOf,
    scope: dashboard.scope,
    region: dashboard.region,
    regions: dashboard.regions,
    organisations: dashboard.ccgs.map((entry) => ({
      organisation: entry.organisation,
      score: entry.risk.score,
      level: entry.risk.level,
      previousScore: entry.previous.score,
      previousLevel: entry.previous.level,
      movement: entry.movement.text,
      intensity: entry.intensity.intensity,
      checkpoint: { everyMonths: entry.checkpoint.everyMonths, kind: entry.checkpoint.kind, format: entry.checkpoint.format, lastHeldOn: entry.checkpoint.lastHeldOn, dueOn: entry.checkpoint.dueOn, overdue: entry.checkpoint.overdue, text: entry.checkpoint.text },
      nextMeeting: entry.nextMeeting,
      unrecordedMeetings: entry.unrecordedMeetings,
      overdueActions: entry.overdueActions,
      dueSoonActions: entry.dueSoonActions,
      links: { meetings: `/api/v1/oversight/organisations/${encodeURIComponent(entry.organisation.code)}/meetings`, page: organisationPath(entry.organisation.code) },
    })),
    moved: dashboard.moved.map((entry) => entry.organisation.code),
    checkpointsOverdue: dashboard.checkpointsOverdue.map((entry) => entry.organisation.code),
    overdueActions: dashboard.overdueActions.map((action) => actionJson(action, 'overdue')),
    dueSoonActions: dashboard.dueSoonActions.map((action) => actionJson(action, 'due-soon')),
    reminders: dashboard.reminders,
  };
}

/** Checkpoint meetings, their actions and the dashboard over JSON (under /api/v1/oversight): the same services, policy and audit trail as the pages and the CLI. */
export const oversightMeetingsApiRoutes: FastifyPluginAsyncZod<OversightRouteOptions> = async (app, { db, clock }) => {
  const dashboards = new OversightDashboards(db);

  // Each change is refused before its body is read by anyone who may not make it (onRequest runs before validation).
  const mayRecordIn = async (request: FastifyRequest) => {
    authorize(request, 'oversight.list');
    await assertMayRecordMeetings(db, request.actor, meetingOrganisationParams.safeParse(request.params).data?.code ?? '');
  };
  const mayRecord = async (request: FastifyRequest) => {
    authorize(request, 'oversight.list');
    await assertMayRecordMeeting(db, request.actor, meetingParams.safeParse(request.params).data?.meetingId ?? '');
  };
  const mayUpdate = async (request: FastifyRequest) => {
    authorize(request, 'oversight.list');
    await assertMayUpdateAction(db, request.actor, actionParams.safeParse(request.params).data?.actionId ?? '');
  };

  app.get(
    '/dashboard',
    {
      schema: {
        tags: TAGS,
        summary: 'The oversight dashboard: CCGs by risk with their checkpoints, and what to chase',
        description: 'A regional lead’s region, England (or ?region=) for national roles, a CCG’s own: each CCG’s risk and intensity, what moved since a month before, the next checkpoint due or overdue by the cadence, meetings scheduled, and the agreed actions overdue or due soon.',
        querystring: dashboardQuery,
        response: { 200: dashboardResponse, 400: problemSchema, 401: problemSchema, 403: problemSchema },
      },
    },
    async (request) => {
      authorize(request, 'oversight.list');
      return { data: dashboardJson(await dashboards.get(request.actor, { regionCode: request.query.region, now: clock() })) };
    },
  );

  app.get(
    '/organisations/:code/meetings',
    { schema: { tags: TAGS, summary: 'A CCG’s checkpoint meetings and agreed actions, with its cadence', params: meetingOrganisationParams, response: { 200: organisationMeetingsResponse, ...PROBLEMS } } },
    async (request) => {
      const record = await organisationMeetings(db, request.actor, request.params.code, { at: clock() });
      const { plan } = record;
      return {
        organisation: record.organisation,
        checkpoint: { ...plan.checkpoint, intensity: plan.intensity.intensity, intensityReasons: plan.intensity.reasons },
        data: record.meetings.map(meetingJson),
        actions: record.actions.map((action) => actionJson(action, action.timing)),
      };
    },
  );

  app.post(
    '/organisations/:code/meetings',
    {
      onRequest: mayRecordIn,
      schema: {
        tags: TAGS,
        summary: 'Schedule a checkpoint meeting or visit with a CCG (its region’s lead)',
        description: 'The kind and format default to the cadence of the CCG’s intensity; the agenda is generated from what changed since the last meeting held. 201 with the meeting; 400 naming every problem by field.',
        params: meetingOrganisationParams,
        body: scheduleBody,
        response: { 201: scheduledResponse, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const meeting = await scheduleMeeting(db, request.actor, { organisationCode: request.params.code, ...request.body, requestId: request.id, at: clock() });
      return reply.code(201).send({ data: meetingJson(meeting) });
    },
  );

  app.get(
    '/meetings/:meetingId',
    { schema: { tags: TAGS, summary: 'A meeting with its agenda (each item’s source and date), attendees, minutes, actions and concerns', params: meetingParams, response: { 200: meetingResponse, ...PROBLEMS } } },
    async (request) => {
      const detail = await showMeeting(db, request.actor, request.params.meetingId, { at: clock() });
      return {
        organisation: detail.organisation,
        data: {
          ...meetingJson(detail.meeting),
          agenda: detail.agenda,
          actions: detail.actions.map((action) => actionJson(action, action.timing)),
          concerns: detail.concerns,
        },
      };
    },
  );

  app.post(
    '/meetings/:meetingId/record',
    {
      onRequest: mayRecord,
      bodyLimit: 4 * 1024 * 1024,
      schema: {
        tags: TAGS,
        summary: 'Record a meeting as held, or change the record of one held (its region’s lead)',
        description: 'Attendees, minutes, the actions agreed (added to those agreed already) and concerns raised (concern flags the special-measures triggers read). Refused (409) when the meeting is not at expectedVersion, saying who changed it, or when it was cancelled; 400 naming every problem by field, e.g. attendees.2.role.',
        params: meetingParams,
        body: recordBody,
        response: { 200: recordedResponse, ...WRITE_PROBLEMS },
      },
    },
    async (request) => {
      const outcome = await recordMeeting(db, request.actor, request.params.meetingId, { ...request.body, requestId: request.id, at: clock() });
      return { outcome: outcome.kind, data: meetingJson(outcome.meeting), actionIds: outcome.actionIds, concernIds: outcome.concernIds };
    },
  );

  app.post(
    '/meetings/:meetingId/cancel',
    {
      onRequest: mayRecord,
      schema: {
        tags: TAGS,
        summary: 'Cancel a scheduled meeting with the reason (its region’s lead)',
        description: '409 when it is not at expectedVersion, or was held or cancelled already.',
        params: meetingParams,
        body: cancelBody,
        response: { 200: scheduledResponse, ...WRITE_PROBLEMS },
      },
    },
    async (request) => ({ data: meetingJson(await cancelMeeting(db, request.actor, request.params.meetingId, { ...request.body, requestId: request.id, at: clock() })) }),
  );

  app.get(
    '/actions/:actionId',
    { schema: { tags: TAGS, summary: 'An agreed action with every version it has had', params: actionParams, response: { 200: actionResponse, ...PROBLEMS } } },
    async (request) => {
      const detail = await showAction(db, request.actor, request.params.actionId, { at: clock() });
      return {
        organisation: detail.organisation,
        data: { ...actionJson(detail.action, detail.action.timing), history: detail.history.map((change) => ({ ...change, changedAt: change.changedAt.toISOString() })) },
      };
    },
  );

  app.post(
    '/actions/:actionId',
    {
      onRequest: mayUpdate,
      schema: {
        tags: TAGS,
        summary: 'Move an agreed action on: a new status or due date, with the reason (its region’s lead or its CCG)',
        description: 'The new version is kept in the action’s history and the audit trail. 409 when it is not at expectedVersion, saying who changed it; 400 naming every problem by field.',
        params: actionParams,
        body: actionUpdateBody,
        response: { 200: actionResponse, ...WRITE_PROBLEMS },
      },
    },
    async (request) => {
      await updateAction(db, request.actor, request.params.actionId, { ...request.body, requestId: request.id, at: clock() });
      const detail = await showAction(db, request.actor, request.params.actionId, { at: clock() });
      return {
        organisation: detail.organisation,
        data: { ...actionJson(detail.action, detail.action.timing), history: detail.history.map((change) => ({ ...change, changedAt: change.changedAt.toISOString() })) },
      };
    },
  );
};
