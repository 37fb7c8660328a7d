import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { StoredAssessment } from '../../../../db/repositories/quarterly-assessments.ts';
import { organisationYear, recordAssessment, showAssessment } from '../../../../services/oversight/assessments.ts';
import { type AssuranceYear, assuranceYears, openAssuranceYear } from '../../../../services/oversight/assurance-years.ts';
import { type Designation, designateEconomy, endDesignation, organisationDesignations } from '../../../../services/oversight/designations.ts';
import { authorize } from '../../../authorize.ts';
import type { OversightRouteOptions } from '../../web/oversight/options.ts';
import { problemSchema } from '../organisation-schemas.ts';
import {
  assessmentOrganisationParams,
  assessmentParams,
  assessmentResponse,
  designateBody,
  designationListResponse,
  designationParams,
  designationResponse,
  endDesignationBody,
  openYearBody,
  organisationYearResponse,
  recordAssessmentBody,
  recordAssessmentResponse,
  yearListResponse,
  yearQuery,
  yearResponse,
} from './assessments-schemas.ts';

const TAGS = ['oversight'];
const PROBLEMS = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };
const CHANGE_PROBLEMS = { ...PROBLEMS, 409: problemSchema };

function yearJson(year: AssuranceYear) {
  return {
    id: year.stored.id,
    label: year.dates.label,
    startsOn: year.dates.startsOn,
    endsOn: year.dates.endsOn,
    frameworkVersionId: year.stored.frameworkVersionId,
    frameworkName: year.frameworkName,
    components: year.components.map((component) => ({ id: component.id, name: component.name, scale: component.scaleName, levels: [...component.levels] })),
    quarters: year.dates.quarters.map((quarter) => ({ quarter: quarter.quarter, startsOn: quarter.startsOn, endsOn: quarter.endsOn, label: quarter.label })),
    openedBy: year.stored.openedBy,
    openedAt: year.stored.openedAt.toISOString(),
  };
}

function assessmentJson(assessment: StoredAssessment) {
  return { ...assessment, updatedAt: assessment.updatedAt.toISOString() };
}

function designationJson(designation: Designation) {
  return { ...designation, recordedAt: designation.recordedAt.toISOString() };
}

/** Assurance years, quarterly assessments and distressed-economy designations over JSON (under /api/v1/oversight). */
export const oversightAssessmentsApiRoutes: FastifyPluginAsyncZod<OversightRouteOptions> = async (app, { db, clock }) => {
  app.get('/years', { schema: { tags: TAGS, summary: 'The assurance years opened, newest first', response: { 200: yearListResponse, 401: problemSchema, 403: problemSchema } } }, async (request) => ({
    data: (await assuranceYears(db, request.actor)).map(yearJson),
  }));

  app.post(
    '/years',
    {
      schema: { tags: TAGS, summary: 'Open an assurance year (national analysts)', body: openYearBody, response: { 201: yearResponse, ...CHANGE_PROBLEMS } },
      onRequest: async (request) => { authorize(request, 'oversight.manage-years'); },
    },
    async (request, reply) => reply.code(201).send({ data: yearJson(await openAssuranceYear(db, request.actor, { ...request.body, requestId: request.id, at: clock() })) }),
  );

  app.get(
    '/organisations/:code/assurance',
    { schema: { tags: TAGS, summary: 'A CCG’s assurance year: each component’s assessment for each quarter', params: assessmentOrganisationParams, querystring: yearQuery, response: { 200: organisationYearResponse, ...PROBLEMS } } },
    async (request) => {
      const shown = await organisationYear(db, request.actor, request.params.code, { yearId: request.query.year, at: clock() });
      if (shown.year === null) return { organisation: shown.organisation, data: null };
      const assessments = shown.rows.flatMap((row) => row.cells.flatMap((cell) => (cell.assessment === null ? [] : [assessmentJson(cell.assessment)])));
      return { organisation: shown.organisation, data: { year: yearJson(shown.year), assessments, mayAssess: shown.mayAssess } };
    },
  );

  app.post(
    '/organisations/:code/assessments',
    {
      schema: {
        tags: TAGS,
        summary: 'Record or change the regional team’s assessment of a component for a quarter (the region’s lead)',
        description: 'A change names the version it starts from (expectedVersion) and gives a reason; if someone changed it since, nothing is saved (409).',
        params: assessmentOrganisationParams,
        body: recordAssessmentBody,
        response: { 200: recordAssessmentResponse, 201: recordAssessmentResponse, ...CHANGE_PROBLEMS },
      },
      onRequest: async (request) => { authorize(request, 'oversight.list'); },
    },
    async (request, reply) => {
      const outcome = await recordAssessment(db, request.actor, { ...request.body, organisationCode: request.params.code, requestId: request.id, at: clock() });
      return reply.code(outcome.kind === 'recorded' ? 201 : 200).send({ outcome: outcome.kind, data: assessmentJson(outcome.assessment) });
    },
  );

  app.get(
    '/assessments/:assessmentId',
    { schema: { tags: TAGS, summary: 'One quarterly assessment with every version it has had', params: assessmentParams, response: { 200: assessmentResponse, ...PROBLEMS } } },
    async (request) => {
      const detail = await showAssessment(db, request.actor, request.params.assessmentId);
      return {
        organisation: detail.organisation,
        data: { ...assessmentJson(detail.assessment), history: detail.history.map((change) => ({ ...change, evidenceDocumentIds: [...change.evidenceDocumentIds], changedAt: change.changedAt.toISOString() })) },
      };
    },
  );

  app.get(
    '/organisations/:code/designations',
    { schema: { tags: TAGS, summary: 'A CCG’s distressed-economy designations', params: assessmentOrganisationParams, response: { 200: designationListResponse, ...PROBLEMS } } },
    async (request) => {
      const record = await organisationDesignations(db, request.actor, request.params.code);
      return { organisation: record.organisation, data: record.designations.map(designationJson) };
    },
  );

  app.post(
    '/organisations/:code/designations',
    {
      schema: { tags: TAGS, summary: 'Designate a CCG as in a distressed health economy (its region’s lead, national analysts)', params: assessmentOrganisationParams, body: designateBody, response: { 201: designationResponse, ...PROBLEMS } },
      onRequest: async (request) => { authorize(request, 'oversight.list'); },
    },
    async (request, reply) => reply.code(201).send({ data: designationJson(await designateEconomy(db, request.actor, { ...request.body, organisationCode: request.params.code, requestId: request.id, at: clock() })) }),
  );

  app.post(
    '/designations/:designationId/end',
    {
      schema: { tags: TAGS, summary: 'End a distressed-economy designation on a date', params: designationParams, body: endDesignationBody, response: { 200: designationResponse, ...CHANGE_PROBLEMS } },
      onRequest: async (request) => { authorize(request, 'oversight.list'); },
    },
    async (request) => ({ data: designationJson(await endDesignation(db, request.actor, request.params.designationId, { ...request.body, requestId: request.id })) }),
  );
};
