import type { Kysely } from 'kysely';
import { auditActorOf } from '../../domain/audit/event.ts';
import { londonDate } from '../../domain/calendar/london-time.ts';
import { InputError } from '../../domain/csv/decode.ts';
import type { Actor } from '../../domain/identity/actor.ts';
import { type AssuranceComponent, checkAssessment, type ComponentLevel } from '../../domain/oversight/assessment.ts';
import type { AssuranceQuarter } from '../../domain/oversight/assurance-year.ts';
import { assertCan, can } from '../../domain/policy/can.ts';
import { findEvidenceDocuments, insertEvidenceLinks } from '../../db/repositories/evidence-documents.ts';
import {
  type AssessmentChange,
  findAssessment,
  findQuarterAssessment,
  insertAssessment,
  insertAssessmentChange,
  listAssessmentChanges,
  listYearAssessments,
  type StoredAssessment,
  updateAssessment,
} from '../../db/repositories/quarterly-assessments.ts';
import type { DB } from '../../db/schema.ts';
import { recordAuditEvent } from '../audit.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { type AssuranceYear, assuranceYear, assuranceYears } from './assurance-years.ts';
import { type OversightOrganisation, oversightScope, visibleOversightOrganisation } from './visible-organisation.ts';

// A CCG's assurance year: the regional team's assessment of each component for each quarter, every version kept
// with who changed it, when and why. Someone editing names the version they started from; if another person
// changed it in between, the edit is refused (ConflictError) and nothing is lost.

export interface AssessedCell {
  readonly quarter: AssuranceQuarter;
  readonly component: AssuranceComponent;
  readonly assessment: StoredAssessment | null;
  /** The assessment's level on the component's scale (null when unassessed or the level is no longer on it). */
  readonly level: ComponentLevel | null;
}

export interface OrganisationYear {
  readonly organisation: OversightOrganisation;
  readonly year: AssuranceYear;
  /** Every year opened, newest first, for moving between them. */
  readonly years: readonly { id: string; label: string }[];
  /** Component by component, quarter by quarter. */
  readonly rows: readonly { component: AssuranceComponent; cells: readonly AssessedCell[] }[];
  /** Whether the actor may record assessments for this CCG. */
  readonly mayAssess: boolean;
  /** The quarters that have begun by today: the ones that can be assessed. */
  readonly assessableQuarters: readonly AssuranceQuarter[];
}

function levelOf(component: AssuranceComponent, code: string | undefined): ComponentLevel | null {
  return component.levels.find((level) => level.code === code) ?? null;
}

/** The year to show: the one asked for, else the one today falls in, else the newest opened; null when none is. */
async function yearToShow(db: Kysely<DB>, actor: Actor, yearId: string | undefined, today: string): Promise<{ year: AssuranceYear | null; years: AssuranceYear[] }> {
  const years = await assuranceYears(db, actor);
  if (yearId !== undefined) return { year: await assuranceYear(db, actor, yearId), years };
  return { year: years.find((year) => year.dates.startsOn <= today && today <= year.dates.endsOn) ?? years[0] ?? null, years };
}

/** A CCG's assurance year; NotFoundError when the CCG is hidden from the actor or the year asked for is not open. */
export async function organisationYear(db: Kysely<DB>, actor: Actor, code: string, options: { yearId?: string | undefined; at?: Date | undefined } = {}): Promise<OrganisationYear | { organisation: OversightOrganisation; year: null }> {
  assertCan(actor, 'oversight.list');
  const organisation = await visibleOversightOrganisation(db, actor, code);
  const today = londonDate(options.at ?? new Date());
  const { year, years } = await yearToShow(db, actor, options.yearId, today);
  if (year === null) return { organisation, year: null };
  const assessments = await listYearAssessments(db, organisation.code, year.stored.id);
  const rows = year.components.map((component) => ({
    component,
    cells: year.dates.quarters.map((quarter) => {
      const assessment = assessments.find((candidate) => candidate.quarter === quarter.quarter && candidate.component === component.id) ?? null;
      return { quarter, component, assessment, level: levelOf(component, assessment?.level) };
    }),
  }));
  return {
    organisation,
    year,
    years: years.map((candidate) => ({ id: candidate.stored.id, label: candidate.dates.label })),
    rows,
    mayAssess: can(actor, 'oversight.assess', oversightScope(organisation)) === 'allow',
    assessableQuarters: year.dates.quarters.filter((quarter) => quarter.startsOn <= today),
  };
}

export interface AssessmentDetail {
  readonly assessment: StoredAssessment;
  readonly organisation: OversightOrganisation;
  readonly year: AssuranceYear;
  readonly quarter: AssuranceQuarter;
  readonly component: AssuranceComponent | undefined;
  readonly level: ComponentLevel | null;
  /** Every version, newest first. */
  readonly history: readonly (AssessmentChange & { readonly levelLabel: string })[];
  readonly mayAssess: boolean;
}

function hiddenAssessment(id: string): NotFoundError {
  return new NotFoundError(`There is no quarterly assessment ${id} that you can see.`);
}

/** One assessment with its history; NotFoundError when it does not exist or its CCG is hidden from the actor. */
export async function showAssessment(db: Kysely<DB>, actor: Actor, id: string): Promise<AssessmentDetail> {
  assertCan(actor, 'oversight.list');
  const assessment = await findAssessment(db, id);
  if (assessment === undefined) throw hiddenAssessment(id);
  const organisation = await visibleOversightOrganisation(db, actor, assessment.organisationCode).catch(() => {
    throw hiddenAssessment(id);
  });
  const year = await assuranceYear(db, actor, assessment.yearId);
  const quarter = year.dates.quarters[assessment.quarter - 1] ?? year.dates.quarters[0];
  const component = year.components.find((candidate) => candidate.id === assessment.component);
  const label = (code: string) => component?.levels.find((level) => level.code === code)?.label ?? code;
  return {
    assessment,
    organisation,
    year,
    quarter,
    component,
    level: component === undefined ? null : levelOf(component, assessment.level),
    history: (await listAssessmentChanges(db, assessment.id)).map((change) => ({ ...change, levelLabel: label(change.level) })),
    mayAssess: can(actor, 'oversight.assess', oversightScope(organisation)) === 'allow',
  };
}

export interface RecordAssessmentRequest {
  readonly organisationCode: string;
  readonly yearId: string;
  readonly quarter: number;
  readonly component: string;
  readonly level: string;
  readonly narrative: string;
  readonly reason?: string | undefined;
  /** The version the person started from; none for a first assessment. */
  readonly expectedVersion?: number | undefined;
  /** Documents of the CCG's local evidence the assessment rests on; each is linked to it. */
  readonly evidenceDocumentIds?: readonly string[] | undefined;
  readonly requestId?: string | undefined;
  readonly at?: Date | undefined;
}

export type RecordOutcome = { readonly kind: 'recorded' | 'changed'; readonly assessment: StoredAssessment } | { readonly kind: 'unchanged'; readonly assessment: StoredAssessment };

function staleMessage(current: StoredAssessment): string {
  return `${current.updatedBy} changed this assessment (now version ${String(current.version)}) at ${current.updatedAt.toISOString()}, after you opened it: nothing was saved. Open it again to see their change, then make yours.`;
}

/**
 * Records the regional team's assessment of one component of one quarter (its region's lead): a first version,
 * or a new one over the version the person started from, with the history row, the evidence links and one audit
 * event in one transaction. The same level and narrative again changes nothing.
 */
export async function recordAssessment(db: Kysely<DB>, actor: Actor, request: RecordAssessmentRequest): Promise<RecordOutcome> {
  assertCan(actor, 'oversight.list');
  const organisation = await visibleOversightOrganisation(db, actor, request.organisationCode);
  assertCan(actor, 'oversight.assess', oversightScope(organisation));
  const year = await assuranceYear(db, actor, request.yearId);
  const at = request.at ?? new Date();
  const key = { organisationCode: organisation.code, yearId: year.stored.id, quarter: request.quarter, component: request.component };
  const earlier = await findQuarterAssessment(db, key);
  const checked = checkAssessment({ ...request, reason: request.reason ?? '' }, year.dates, year.components, { today: londonDate(at), changing: earlier !== undefined });
  if (!checked.ok) throw new InputError('assessment', checked.problems);
  const documentIds = [...new Set(request.evidenceDocumentIds ?? [])];
  const documents = await findEvidenceDocuments(db, documentIds);
  const foreign = documentIds.filter((id) => !documents.some((document) => document.id === id && document.organisationCode === organisation.code));
  if (foreign.length > 0) throw new InputError('assessment', foreign.map((id) => ({ field: 'evidence', message: `There is no document ${id} in ${organisation.name}’s local evidence` })));
  const { value } = checked;
  const by = auditActorOf(actor).label;
  const write = { level: value.level.code, narrative: value.narrative, by, at };

  return db.transaction().execute(async (trx) => {
    const current = await findQuarterAssessment(trx, key, { forUpdate: true });
    if (current !== undefined && request.expectedVersion === undefined) throw new ConflictError(staleMessage(current));
    if (current !== undefined && current.version !== request.expectedVersion) throw new ConflictError(staleMessage(current));
    if (current === undefined && request.expectedVersion !== undefined) throw new ConflictError('This assessment was not found at the version you started from; open the assurance year again.');
    if (current !== undefined && current.level === write.level && current.narrative === write.narrative && documentIds.length === 0) return { kind: 'unchanged', assessment: current };
    const saved = current === undefined ? await insertAssessment(trx, key, write) : await updateAssessment(trx, current.id, current.version, write);
    if (saved === undefined) {
      const now = await findQuarterAssessment(trx, key);
      throw new ConflictError(now === undefined ? 'Someone else is recording this assessment; try again.' : staleMessage(now));
    }
    await insertAssessmentChange(trx, saved.id, { version: saved.version, level: saved.level, narrative: saved.narrative, evidenceDocumentIds: documentIds, reason: value.reason, changedBy: by, changedAt: at });
    if (documentIds.length > 0) await insertEvidenceLinks(trx, documentIds.map((documentId) => ({ documentId, targetType: 'assessment' as const, targetId: saved.id })), { linkedBy: by, linkedAt: at });
    await recordAuditEvent(trx, {
      actor,
      action: 'oversight.assessment.record',
      object: { type: 'quarterly-assessment', id: saved.id },
      before: current === undefined ? null : { level: current.level, narrative: current.narrative, version: current.version },
      after: { organisationCode: saved.organisationCode, yearId: saved.yearId, quarter: saved.quarter, component: saved.component, level: saved.level, narrative: saved.narrative, version: saved.version, evidenceDocumentIds: documentIds },
      reason: value.reason,
      requestId: request.requestId,
    });
    return { kind: current === undefined ? 'recorded' : 'changed', assessment: saved };
  });
}
