import { z } from 'zod';
import { AGENDA_ITEM_KINDS } from '../../../../domain/oversight/agenda.ts';
import { INTENSITIES, LONG_TEXT_LIMIT, MEETING_FORMATS, MEETING_KINDS, RISK_LEVELS } from '../../../../domain/oversight/levels.ts';
import { ACTION_STATUSES, ACTION_TIMINGS, MEETING_STATUSES } from '../../../../domain/oversight/meetings.ts';
import { CONCERN_KINDS } from '../../../../domain/special-measures/trigger-config.ts';
import { organisationCodeParams } from '../organisation-schemas.ts';
import { csrfTokenField, uuidParam } from '../request-fields.ts';

// Checkpoint meetings, their actions and the dashboard over JSON, as the OpenAPI document describes them. The
// bodies are checked for shape here; what the fields mean (a real date, an owner named, a reason given) is
// checked by the service after the policy, and reported by field.

const list = <T extends z.ZodType>(item: T) => z.array(item).readonly();

export const meetingOrganisationParams = organisationCodeParams;
export const meetingParams = z.object({ meetingId: uuidParam('a meeting') });
export const actionParams = z.object({ actionId: uuidParam('an action') });

export const dashboardQuery = z.strictObject({
  region: z
    .string()
    .regex(/^[A-Za-z0-9]{3,6}$/, 'must be the ODS code of an NHS England region (e.g. Y54)')
    .optional()
    .describe('Only this NHS England region’s CCGs (national roles; ignored for others)'),
});

const organisation = z.object({ code: z.string(), name: z.string(), regionCode: z.string().nullable() });
const attendee = z.object({ name: z.string(), organisation: z.string(), role: z.string() });

const agendaItem = z.object({
  kind: z.enum(AGENDA_ITEM_KINDS),
  title: z.string(),
  detail: z.string(),
  source: z.string().describe('Where it comes from: the dataset, the finance return, the meeting that agreed the action, the case'),
  date: z.string().describe('The evidence’s date, YYYY-MM-DD'),
  reference: z.object({ type: z.enum(['action', 'case']), id: z.string() }).nullable(),
});

const action = z.object({
  id: z.string(),
  meetingId: z.string(),
  organisationCode: z.string(),
  description: z.string(),
  owner: z.string(),
  dueOn: z.string(),
  status: z.enum(ACTION_STATUSES),
  timing: z.enum(ACTION_TIMINGS).describe('On the day: overdue, due soon (within the configured days), later, or closed (done or dropped)'),
  version: z.number().int(),
  updatedBy: z.string(),
  updatedAt: z.string().describe('ISO 8601, UTC'),
  agreedOn: z.string().nullable().describe('The day the meeting that agreed it was held'),
  links: z.object({ self: z.string(), page: z.string() }),
});

const meeting = z.object({
  id: z.string(),
  organisationCode: z.string(),
  kind: z.enum(MEETING_KINDS),
  format: z.enum(MEETING_FORMATS),
  status: z.enum(MEETING_STATUSES),
  scheduledOn: z.string(),
  heldOn: z.string().nullable(),
  attendees: list(attendee),
  minutes: z.string(),
  cancelledReason: z.string().nullable(),
  version: z.number().int().describe('Name it as expectedVersion to record or cancel the meeting'),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedBy: z.string(),
  updatedAt: z.string(),
  links: z.object({ self: z.string(), page: z.string() }),
});

const checkpoint = z.object({
  intensity: z.enum(INTENSITIES),
  intensityReasons: list(z.string()),
  everyMonths: z.number().int(),
  kind: z.enum(MEETING_KINDS),
  format: z.enum(MEETING_FORMATS),
  lastHeldOn: z.string().nullable(),
  dueOn: z.string(),
  overdue: z.boolean(),
  text: z.string(),
});

export const organisationMeetingsResponse = z.object({
  organisation,
  checkpoint: checkpoint.describe('The CCG’s intensity of assurance today, its cadence, and when the next checkpoint is due'),
  data: list(meeting).describe('Latest scheduled first'),
  actions: list(action).describe('Every action agreed with the CCG, by due date'),
});

export const meetingResponse = z.object({
  organisation,
  data: meeting.extend({
    agenda: z.object({
      asOf: z.string(),
      since: z.string().nullable().describe('The last meeting held before, or null'),
      changesAfter: z.string(),
      items: list(agendaItem),
    }),
    actions: list(action),
    concerns: list(z.object({ id: z.string(), flaggedOn: z.string(), kind: z.string(), serious: z.boolean(), note: z.string(), recordedBy: z.string() })).describe('Concern flags raised at the meeting, which the special-measures triggers read'),
  }),
});

export const scheduleBody = z.object({
  ...csrfTokenField,
  scheduledOn: z.string().max(20).describe('YYYY-MM-DD, within a year of today'),
  kind: z.enum(MEETING_KINDS).optional().describe('Default: the cadence of the CCG’s intensity'),
  format: z.enum(MEETING_FORMATS).optional().describe('Default: the cadence of the CCG’s intensity'),
});

export const scheduledResponse = z.object({ data: meeting });

export const recordBody = z.object({
  ...csrfTokenField,
  expectedVersion: z.number().int().min(1).describe('The version you started from; refused (409) when someone changed the meeting since'),
  heldOn: z.string().max(20).describe('YYYY-MM-DD, not after today'),
  attendees: z.array(z.object({ name: z.string().max(1000), organisation: z.string().max(1000), role: z.string().max(1000) })).max(200),
  minutes: z.string().max(LONG_TEXT_LIMIT * 2).describe(`At most ${LONG_TEXT_LIMIT.toLocaleString('en-GB')} characters once trimmed`),
  actions: z
    .array(z.object({ description: z.string().max(LONG_TEXT_LIMIT * 2), owner: z.string().max(1000), dueOn: z.string().max(20) }))
    .max(200)
    .optional()
    .describe('Actions agreed, added to any agreed already'),
  concerns: z
    .array(z.object({ kind: z.string().max(40).describe(`One of ${CONCERN_KINDS.join(', ')}`), serious: z.boolean(), note: z.string().max(8000) }))
    .max(50)
    .optional()
    .describe('Concerns raised: each becomes a concern flag the special-measures triggers read (needs the right to record trigger evidence)'),
});

export const recordedResponse = z.object({
  outcome: z.enum(['recorded', 'amended']).describe('amended: the record of a meeting held was changed'),
  data: meeting,
  actionIds: list(z.string()),
  concernIds: list(z.string()),
});

export const cancelBody = z.object({
  ...csrfTokenField,
  expectedVersion: z.number().int().min(1),
  reason: z.string().max(LONG_TEXT_LIMIT * 2),
});

export const actionUpdateBody = z.object({
  ...csrfTokenField,
  expectedVersion: z.number().int().min(1).describe('The version you started from; refused (409) when someone changed the action since'),
  status: z.enum(ACTION_STATUSES).optional().describe('Default: as it is'),
  dueOn: z.string().max(20).optional().describe('YYYY-MM-DD; default: as it is'),
  reason: z.string().max(LONG_TEXT_LIMIT * 2).describe('Why it changes: kept in the action’s history'),
});

export const actionResponse = z.object({
  organisation,
  data: action.extend({
    history: list(z.object({ version: z.number().int(), description: z.string(), owner: z.string(), dueOn: z.string(), status: z.enum(ACTION_STATUSES), reason: z.string(), changedBy: z.string(), changedAt: z.string() })).describe('Newest first'),
  }),
});

const dashboardCcg = z.object({
  organisation,
  score: z.number().int(),
  level: z.enum([...RISK_LEVELS, 'not-assessed']),
  previousScore: z.number().int(),
  previousLevel: z.enum([...RISK_LEVELS, 'not-assessed']),
  movement: z.string(),
  intensity: z.enum(INTENSITIES),
  checkpoint: checkpoint.omit({ intensity: true, intensityReasons: true }),
  nextMeeting: z.object({ id: z.string(), scheduledOn: z.string(), kind: z.enum(MEETING_KINDS), format: z.enum(MEETING_FORMATS) }).nullable(),
  unrecordedMeetings: z.number().int().describe('Meetings scheduled before the day and not recorded as held or cancelled'),
  overdueActions: z.number().int(),
  dueSoonActions: z.number().int(),
  links: z.object({ meetings: z.string(), page: z.string() }),
});

const reminder = z.object({ dueOn: z.string(), status: z.enum(['overdue', 'due']), organisationCode: z.string(), regionCode: z.string().nullable(), item: z.string(), by: z.string(), description: z.string() });

export const dashboardResponse = z.object({
  data: z.object({
    asOf: z.string(),
    previousAsOf: z.string(),
    scope: z.enum(['national', 'region', 'organisation']),
    region: z.object({ code: z.string(), name: z.string() }).nullable(),
    regions: list(z.object({ code: z.string(), name: z.string() })).describe('The regions a national role may filter by'),
    organisations: list(dashboardCcg).describe('Highest risk first'),
    moved: list(z.string()).describe('Codes of the CCGs whose score or level moved since a month before, the largest rise first'),
    checkpointsOverdue: list(z.string()).describe('Codes of the CCGs whose checkpoint is overdue by the cadence, the longest overdue first'),
    overdueActions: list(action),
    dueSoonActions: list(action),
    reminders: list(reminder).describe('As in the reminder CSV: overdue and soon-due actions, checkpoints due by the cadence or scheduled and not recorded'),
  }),
});
