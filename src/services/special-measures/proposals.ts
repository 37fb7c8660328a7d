import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import { loadConfig } from '../../config/env.ts';
import { auditActorOf } from '../../domain/audit/event.ts';
import { londonDate } from '../../domain/calendar/london-time.ts';
import { InputError } from '../../domain/csv/decode.ts';
import type { Actor } from '../../domain/identity/actor.ts';
import { can } from '../../domain/policy/can.ts';
import { NotPermittedError } from '../../domain/policy/decision.ts';
import type { OrganisationScope } from '../../domain/policy/subjects.ts';
import { seesCase } from '../../domain/special-measures/case-roles.ts';
import { fieldProblems } from '../../domain/special-measures/config-problems.ts';
import { CalendarDate, OrganisationCode, Text } from '../../domain/special-measures/schema-parts.ts';
import { AUDIT_SEVERITIES, CONCERN_KINDS, DEFAULT_TRIGGER_CONFIG, parseTriggerConfig, type TriggerConfig } from '../../domain/special-measures/trigger-config.ts';
import { evidenceAfter, type OrganisationEvidence, proposeCases, type TriggerProposal } from '../../domain/special-measures/triggers.ts';
import { getAllOrganisations } from '../../db/repositories/organisations.ts';
import { findLatestClosures, listOrganisationsWithOpenCases } from '../../db/repositories/special-measures-cases.ts';
import { insertAuditFinding, insertConcernFlag, insertFinancialPosition, listStoredEvidence, type RecordedBy } from '../../db/repositories/special-measures-evidence.ts';
import type { DB } from '../../db/schema.ts';
import { recordAuditEvent } from '../audit.ts';
import { readConfigFile } from '../config-file.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { publishedRatingsByOrganisation } from './cases-published-ratings.ts';

// Which organisations the triggers propose for special measures, from published ratings and the evidence the
// regional teams record; a person then decides whether to open a case. The thresholds are configuration: the
// domain's defaults, or a file named by ASSURE_TRIGGER_CONFIG.

/** The trigger configuration in a YAML or JSON file (missing fields take their defaults), or InputError by field. */
export function readTriggerConfig(file: string): Promise<TriggerConfig> {
  return readConfigFile(file, parseTriggerConfig);
}

/** The configuration in force: ASSURE_TRIGGER_CONFIG's file when set, else the defaults. */
export async function configuredTriggers(): Promise<TriggerConfig> {
  const file = loadConfig().triggerConfigFile;
  return file === undefined ? DEFAULT_TRIGGER_CONFIG : readTriggerConfig(file);
}

/**
 * Organisations the triggers propose at `at`, among those the actor may see that have no case open and have
 * not closed, each with every trigger that fired and why. After a case closes, only evidence dated after its
 * closure counts.
 */
export async function listCaseProposals(db: Kysely<DB>, actor: Actor, at: Date = new Date(), config?: TriggerConfig): Promise<TriggerProposal[]> {
  return proposeAmong(db, actor, at, config, (scope) => seesCase(actor, scope));
}

/** What the triggers propose at `at` across every CCG, as Assure's daily check evaluates them (`actor` reads the published ratings). */
export async function proposeAcrossEngland(db: Kysely<DB>, actor: Actor, at: Date, config?: TriggerConfig): Promise<TriggerProposal[]> {
  return proposeAmong(db, actor, at, config, () => true);
}

async function proposeAmong(
  db: Kysely<DB>,
  actor: Actor,
  at: Date,
  config: TriggerConfig | undefined,
  includes: (scope: OrganisationScope) => boolean,
): Promise<TriggerProposal[]> {
  const today = londonDate(at);
  const [organisations, open, closures, ratings, stored, triggers] = await Promise.all([
    getAllOrganisations(db),
    listOrganisationsWithOpenCases(db),
    findLatestClosures(db),
    publishedRatingsByOrganisation(db, actor, at),
    listStoredEvidence(db),
    config === undefined ? configuredTriggers() : Promise.resolve(config),
  ]);
  const evidence: OrganisationEvidence[] = [...organisations.values()]
    .filter((organisation) => organisation.type === 'ccg' && (organisation.closedOn === null || organisation.closedOn > today) && !open.has(organisation.code))
    .filter((organisation) => includes({ organisationCode: organisation.code, regionCode: organisation.regionCode }))
    .toSorted((a, b) => a.code.localeCompare(b.code))
    .map((organisation) => {
      const evidence = {
        organisationCode: organisation.code,
        ratings: ratings.get(organisation.code) ?? [],
        concerns: stored.get(organisation.code)?.concerns ?? [],
        finances: stored.get(organisation.code)?.finances ?? [],
        auditFindings: stored.get(organisation.code)?.auditFindings ?? [],
      };
      const closedOn = closures.get(organisation.code);
      return closedOn === undefined ? evidence : evidenceAfter(evidence, closedOn);
    });
  return proposeCases(evidence, triggers, today);
}

const ConcernFlagEvidence = z.strictObject({
  type: z.literal('concern'),
  organisationCode: OrganisationCode,
  on: CalendarDate,
  kind: z.enum(CONCERN_KINDS),
  serious: z.boolean(),
  note: Text.max(4000),
});
const FinancialPositionEvidence = z.strictObject({
  type: z.literal('financial-position'),
  organisationCode: OrganisationCode,
  periodEnd: CalendarDate,
  allocation: z.number().positive('must be more than 0'),
  plannedSurplus: z.number(),
  forecastSurplus: z.number(),
});
const AuditFindingEvidence = z.strictObject({
  type: z.literal('audit-finding'),
  organisationCode: OrganisationCode,
  reportedOn: CalendarDate,
  auditor: z.enum(['internal', 'external']),
  severity: z.enum(AUDIT_SEVERITIES),
  aboutFinancialControls: z.boolean(),
  summary: Text.max(4000),
  resolvedOn: CalendarDate.nullable().default(null),
});

/** Evidence a regional team or national analyst records: a concern flag, a financial position or an audit finding. */
export const TriggerEvidenceSchema = z.discriminatedUnion('type', [ConcernFlagEvidence, FinancialPositionEvidence, AuditFindingEvidence]);
export type TriggerEvidence = z.infer<typeof TriggerEvidenceSchema>;

const AUDIT_OBJECT_TYPES: Readonly<Record<TriggerEvidence['type'], string>> = { concern: 'concern-flag', 'financial-position': 'financial-position', 'audit-finding': 'audit-finding' };

async function storeEvidence(trx: Transaction<DB>, evidence: TriggerEvidence, by: RecordedBy): Promise<string> {
  switch (evidence.type) {
    case 'concern':
      return insertConcernFlag(trx, evidence.organisationCode, evidence, by);
    case 'audit-finding':
      return insertAuditFinding(trx, evidence.organisationCode, evidence, by);
    case 'financial-position': {
      const id = await insertFinancialPosition(trx, evidence.organisationCode, evidence, by);
      if (id === undefined) throw new ConflictError(`The financial position of ${evidence.organisationCode} at ${evidence.periodEnd} is recorded already.`);
      return id;
    }
  }
}

async function assertMayRecordEvidence(db: Kysely<DB>, actor: Actor, organisationCode: string): Promise<void> {
  const organisation = (await getAllOrganisations(db)).get(organisationCode);
  const decision = organisation === undefined ? 'hide' : can(actor, 'case.record-evidence', { organisationCode: organisation.code, regionCode: organisation.regionCode });
  if (decision === 'hide') throw new NotFoundError(`There is no organisation ${organisationCode}.`);
  if (decision === 'forbid') throw new NotPermittedError('case.record-evidence', 'forbid');
}

/** Records one piece of trigger evidence about an organisation (its regional lead or a national analyst). */
export async function recordTriggerEvidence(
  db: Kysely<DB>,
  actor: Actor,
  input: unknown,
  context: { requestId?: string | undefined; at?: Date | undefined } = {},
): Promise<{ type: TriggerEvidence['type']; id: string }> {
  // The policy first, on the organisation the evidence names: only those who may record it learn what is wrong with it.
  const named = typeof input === 'object' && input !== null && 'organisationCode' in input ? input.organisationCode : undefined;
  if (typeof named === 'string') await assertMayRecordEvidence(db, actor, named);
  const parsed = TriggerEvidenceSchema.safeParse(input);
  if (!parsed.success) throw new InputError('evidence', fieldProblems(parsed.error));
  const evidence = parsed.data;
  await assertMayRecordEvidence(db, actor, evidence.organisationCode);
  const by = { recordedBy: auditActorOf(actor).label, recordedAt: context.at ?? new Date() };
  return db.transaction().execute(async (trx) => {
    const id = await storeEvidence(trx, evidence, by);
    const { type, ...fields } = evidence;
    await recordAuditEvent(trx, { actor, action: 'trigger-evidence.record', object: { type: AUDIT_OBJECT_TYPES[type], id }, after: fields, requestId: context.requestId });
    return { type, id };
  });
}
