import type { Transaction } from 'kysely';
import type { JsonValue } from '../../domain/audit/canonical-json.ts';
import { auditActorOf } from '../../domain/audit/event.ts';
import type { Actor } from '../../domain/identity/actor.ts';
import type { OrganisationRecord, OrganisationType } from '../../domain/organisations/organisation.ts';
import { COMMISSIONING_FUNCTION_LABELS } from '../../domain/special-measures/commissioning-functions.ts';
import { longDate } from '../../domain/special-measures/calendar-months.ts';
import type { Intervention } from '../../domain/special-measures/interventions.ts';
import { registryChangesOf } from '../../domain/special-measures/intervention-registry.ts';
import { type MergerRecord, type ResponsibilityRecord, registryProblems } from '../../domain/special-measures/responsibility.ts';
import { findDirection, updateDirection } from '../../db/repositories/legal-directions.ts';
import { getAllOrganisations, insertOrganisations, updateOrganisations } from '../../db/repositories/organisations.ts';
import { insertMerger, insertTransfers, listRegistry, type RecordedBy } from '../../db/repositories/responsibilities.ts';
import type { DB } from '../../db/schema.ts';
import { recordAuditEvents } from '../audit.ts';
import { ConflictError } from '../errors.ts';
import { recordNewDirection } from './directions.ts';

// What a decided intervention changes outside its case, written inside the transaction that records the
// decision (actOnCase, cases.ts), so the decision and its effects commit or fail together. The domain says what
// changes (registryChangesOf); this checks the bodies named exist and can take it, and writes it with audit events.

export interface DecidedInterventionEffects {
  readonly caseId: string;
  readonly organisationCode: string;
  readonly intervention: Intervention;
  readonly decidedOn: string;
  readonly actor: Actor;
  readonly requestId?: string | undefined;
}

/** Bodies that can take on commissioning functions for another organisation's population. */
const COMMISSIONING_BODY_TYPES: readonly OrganisationType[] = ['ccg', 'icb', 'local-authority', 'integrated-provider'];

type Organisations = ReadonlyMap<string, OrganisationRecord>;

function isOpenOn(organisation: OrganisationRecord, date: string): boolean {
  return (organisation.establishedOn === null || organisation.establishedOn <= date) && (organisation.closedOn === null || date < organisation.closedOn);
}

function existing(organisations: Organisations, code: string, role: string): OrganisationRecord {
  const organisation = organisations.get(code);
  if (organisation === undefined) throw new ConflictError(`${role} ${code} is not in the organisation registry; import it first (assure organisations import).`);
  return organisation;
}

/** Refuses changes that would make the registry ambiguous (two arrangements for one function at once, …). */
async function refuseNewProblems(trx: Transaction<DB>, records: readonly ResponsibilityRecord[], mergers: readonly MergerRecord[]): Promise<void> {
  const stored = await listRegistry(trx);
  const before = new Set(registryProblems(stored));
  const problems = registryProblems({ records: [...stored.records, ...records], mergers: [...stored.mergers, ...mergers] }).filter((problem) => !before.has(problem));
  if (problems.length > 0) throw new ConflictError(`The intervention cannot be recorded in the responsibility registry: ${problems.join('; ')}.`);
}

function auditOrganisation(record: OrganisationRecord): JsonValue {
  return { ...record, peerCodes: [...record.peerCodes] };
}

async function recordTransfers(trx: Transaction<DB>, args: DecidedInterventionEffects, records: readonly ResponsibilityRecord[], recorded: RecordedBy): Promise<void> {
  const organisations = await getAllOrganisations(trx);
  for (const record of records) {
    const body = existing(organisations, record.responsibleBodyCode, 'The receiving body');
    if (!COMMISSIONING_BODY_TYPES.includes(body.type)) throw new ConflictError(`${body.name} (${body.code}) is a ${body.type}; functions can be transferred to a CCG, an ICB, a local authority or an integrated provider.`);
    if (!isOpenOn(body, record.from)) throw new ConflictError(`${body.name} (${body.code}) is not open on ${record.from}, when the transfer starts.`);
  }
  await refuseNewProblems(trx, records, []);
  await insertTransfers(trx, records, recorded);
  await recordAuditEvents(
    trx,
    records.map((record) => ({
      actor: args.actor,
      action: 'responsibility.transfer',
      object: { type: 'organisation', id: record.organisationCode },
      after: { function: record.function, responsibleBodyCode: record.responsibleBodyCode, from: record.from, until: record.until, basis: record.basis, caseId: args.caseId },
      reason: `${COMMISSIONING_FUNCTION_LABELS[record.function]} transferred to ${record.responsibleBodyCode}`,
      requestId: args.requestId,
    })),
  );
}

/** The successor a merger creates, as the registry first records it: analysts import its real name and peers later. */
function successorRecord(merger: MergerRecord, predecessors: readonly OrganisationRecord[], caseOrganisation: OrganisationRecord): OrganisationRecord {
  const regions = new Set(predecessors.map((predecessor) => predecessor.regionCode));
  const populations = predecessors.map((predecessor) => predecessor.population);
  const name = `Successor of ${predecessors.map((predecessor) => predecessor.name).join(' and ')}`;
  return {
    code: merger.successorCode,
    onsCode: null,
    name: name.length <= 200 ? name : `Successor of ${merger.predecessorCodes.join(', ')}`,
    type: 'ccg',
    // The predecessors' region; when they span regions, the region of the CCG whose case decided it.
    regionCode: regions.size === 1 ? (predecessors[0]?.regionCode ?? null) : caseOrganisation.regionCode,
    population: populations.every((population) => population !== null) ? populations.reduce((sum, population) => sum + population, 0) : null,
    establishedOn: merger.effectiveOn,
    closedOn: null,
    successorCode: null,
    peerCodes: [],
  };
}

async function recordMerger(trx: Transaction<DB>, args: DecidedInterventionEffects, merger: MergerRecord, recorded: RecordedBy): Promise<void> {
  const organisations = await getAllOrganisations(trx);
  const predecessors = merger.predecessorCodes.map((code) => existing(organisations, code, merger.kind === 'merger' ? 'The merging CCG' : 'The dissolved organisation'));
  for (const predecessor of predecessors) {
    if (!isOpenOn(predecessor, merger.effectiveOn)) throw new ConflictError(`${predecessor.name} (${predecessor.code}) is not open on ${merger.effectiveOn}, so it cannot become part of ${merger.successorCode} then.`);
  }
  const caseOrganisation = existing(organisations, args.organisationCode, 'The organisation');
  const stored = organisations.get(merger.successorCode);
  // A merger's successor is new unless an import has already added it; a dissolution hands the population to a body that exists.
  const created = merger.kind === 'merger' && stored === undefined ? successorRecord(merger, predecessors, caseOrganisation) : null;
  const successor = created ?? existing(organisations, merger.successorCode, 'The successor');
  if (created === null && successor.closedOn !== null && successor.closedOn <= merger.effectiveOn) {
    throw new ConflictError(`${successor.name} (${successor.code}) closed on ${successor.closedOn}, so it cannot take on a population from ${merger.effectiveOn}.`);
  }
  await refuseNewProblems(trx, [], [merger]);
  const closed = predecessors.map((predecessor): OrganisationRecord => ({ ...predecessor, closedOn: merger.effectiveOn, successorCode: merger.successorCode }));
  if (created !== null) await insertOrganisations(trx, [created]);
  await updateOrganisations(trx, closed);
  await insertMerger(trx, merger, recorded);
  const reason = `${merger.kind === 'merger' ? 'Merger' : 'Dissolution'} decided on ${args.decidedOn} in special-measures case ${args.caseId}`;
  await recordAuditEvents(trx, [
    ...(created === null ? [] : [{ actor: args.actor, action: 'organisation.create', object: { type: 'organisation', id: created.code }, after: auditOrganisation(created), reason, requestId: args.requestId }]),
    ...predecessors.map((predecessor, index) => ({
      actor: args.actor,
      action: 'organisation.close',
      object: { type: 'organisation', id: predecessor.code },
      before: auditOrganisation(predecessor),
      after: auditOrganisation(closed[index] ?? predecessor),
      reason,
      requestId: args.requestId,
    })),
    {
      actor: args.actor,
      action: `organisation.${merger.kind === 'merger' ? 'merge' : 'absorb'}`,
      object: { type: 'organisation', id: merger.successorCode },
      after: { kind: merger.kind, predecessorCodes: [...merger.predecessorCodes], effectiveOn: merger.effectiveOn, caseId: args.caseId },
      reason,
      requestId: args.requestId,
    },
  ]);
}

/**
 * Directions decided as the intervention: the register's direction of that id, linked to the case; when the
 * committee has not yet entered it, a direction from the decision itself (its summary the one requirement),
 * unpublished, for the committee to vary with the directions' full terms.
 */
async function recordDecidedDirection(trx: Transaction<DB>, args: DecidedInterventionEffects, directionId: string, summary: string): Promise<void> {
  const stored = await findDirection(trx, directionId, { forUpdate: true });
  if (stored === undefined) {
    if (directionId.length > 100) throw new ConflictError('A direction id is at most 100 characters.');
    await recordNewDirection(
      trx,
      args.actor,
      {
        id: directionId,
        organisationCode: args.organisationCode,
        legalBasis: 's.14Z21 NHS Act 2006',
        title: summary.slice(0, 300),
        requirements: [{ text: summary, dueOn: null }],
        appliedOn: args.decidedOn,
        variations: [],
        liftedOn: null,
        liftedReason: null,
        published: false,
        publishedOn: null,
        caseId: args.caseId,
        recordedBy: auditActorOf(args.actor).label,
      },
      args.requestId,
    );
    return;
  }
  if (stored.organisationCode !== args.organisationCode) throw new ConflictError(`Direction ${directionId} is to ${stored.organisationCode}, not ${args.organisationCode}.`);
  if (stored.caseId !== null && stored.caseId !== args.caseId) throw new ConflictError(`Direction ${directionId} was already decided in special-measures case ${stored.caseId}.`);
  if (stored.caseId === args.caseId) return;
  await updateDirection(trx, directionId, { caseId: args.caseId });
  await recordAuditEvents(trx, [
    { actor: args.actor, action: 'legal-direction.link-case', object: { type: 'legal-direction', id: directionId }, before: { caseId: null }, after: { caseId: args.caseId }, requestId: args.requestId },
  ]);
}

/** Writes the registry changes of a decided intervention inside the caller's transaction; nothing for the kinds that change none. */
export async function applyInterventionEffects(trx: Transaction<DB>, args: DecidedInterventionEffects): Promise<void> {
  const recorded: RecordedBy = { caseId: args.caseId, recordedBy: auditActorOf(args.actor).label };
  const intervention = args.intervention;
  if (intervention.kind === 'legal-directions') {
    await recordDecidedDirection(trx, args, intervention.directionId, intervention.summary);
    return;
  }
  // The basis is public (the registry's answers quote it); the case itself is linked by its id in the record.
  const changes = registryChangesOf(intervention, args.organisationCode, `decided by NHS England on ${longDate(args.decidedOn)}, after special measures`);
  if (changes.records.length > 0) await recordTransfers(trx, args, changes.records, recorded);
  for (const merger of changes.mergers) await recordMerger(trx, args, merger, recorded);
}
