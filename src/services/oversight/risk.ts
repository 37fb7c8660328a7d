import type { Kysely } from 'kysely';
import { InputError } from '../../domain/csv/decode.ts';
import { FrameworkSchema, type Framework } from '../../domain/frameworks/schema.ts';
import type { Indicator } from '../../domain/frameworks/schema-indicators.ts';
import type { Actor } from '../../domain/identity/actor.ts';
import type { OrganisationRecord } from '../../domain/organisations/organisation.ts';
import { byOrganisation } from '../../domain/oversight/by-organisation.ts';
import { assuranceYearOf } from '../../domain/oversight/assurance-year.ts';
import { type CheckpointDue, type IntensityCircumstances, type IntensityDecision, nextCheckpoint, riskIntensity } from '../../domain/oversight/cadence.ts';
import type { OversightConfig } from '../../domain/oversight/config.ts';
import type { FinanceReturn } from '../../domain/oversight/finance.ts';
import { LONG_TEXT_LIMIT } from '../../domain/oversight/levels.ts';
import { compareRiskWorstFirst, riskScore, type RiskScore } from '../../domain/oversight/risk.ts';
import { DEFAULT_RISK_MODEL, parseRiskModel, type RiskModel } from '../../domain/oversight/risk-model.ts';
import { assessmentSignals, type ComponentScale, indicatorSeriesFrom, riskEvidenceOn, type RiskRecords, type SurveyRecord } from '../../domain/oversight/risk-signals.ts';
import { riskMovement, type RiskMovement, type RiskSubject, whatIf, type RiskWhatIf } from '../../domain/oversight/risk-what-if.ts';
import { surveySignals } from '../../domain/oversight/survey.ts';
import { assertCan, can } from '../../domain/policy/can.ts';
import { addMonths } from '../../domain/special-measures/calendar-months.ts';
import { listFinanceReturns } from '../../db/repositories/finance-submissions.ts';
import { listFrameworkVersions } from '../../db/repositories/framework-versions.ts';
import { getAllOrganisations } from '../../db/repositories/organisations.ts';
import { listAssessedComponents, listAssuranceYearRecords, listDistressedEconomyCodes, listLastHeldMeetings, listMonthlyIndicatorValues } from '../../db/repositories/risk-evidence.ts';
import { findLatestRiskModel, insertRiskModel, lockRiskModels } from '../../db/repositories/risk-models.ts';
import { listOrganisationsWithOpenCases } from '../../db/repositories/special-measures-cases.ts';
import { listStoredEvidence } from '../../db/repositories/special-measures-evidence.ts';
import { listStakeholderSurveys, listSurveyResults } from '../../db/repositories/stakeholder-survey.ts';
import type { DB } from '../../db/schema.ts';
import { recordAuditEvent } from '../audit.ts';
import { getRegions } from '../organisation-queries.ts';
import { publishedRatingsByOrganisation } from '../special-measures/cases-published-ratings.ts';
import { configuredOversight } from './config.ts';
import { hiddenOrganisation } from './visible-organisation.ts';

// The risk view: every CCG the actor sees scored on a date by the risk model in force, with its intensity of
// assurance, when its next checkpoint is due and what moved since a month before; one CCG with the full
// explanation; the what-if of another model over the same CCGs, and adopting it. The model in force is the
// newest adopted version, or the domain's documented defaults while none has been.

export interface RiskModelVersion {
  /** Null for the defaults, never adopted. */
  readonly version: number | null;
  readonly model: RiskModel;
  readonly reason: string | null;
  readonly adoptedBy: string | null;
  readonly adoptedAt: Date | null;
}

export interface RiskOrganisation {
  readonly code: string;
  readonly name: string;
  readonly regionCode: string | null;
}

/** One CCG on the date. */
export interface CcgRisk {
  readonly organisation: RiskOrganisation;
  readonly risk: RiskScore;
  readonly previous: RiskScore;
  readonly movement: RiskMovement;
  readonly circumstances: IntensityCircumstances;
  readonly intensity: IntensityDecision;
  readonly checkpoint: CheckpointDue;
}

export interface RankedRisk {
  readonly asOf: string;
  readonly previousAsOf: string;
  readonly model: RiskModelVersion;
  /** The region asked for; null for everything the actor sees. */
  readonly regionCode: string | null;
  /** The regions one may filter by: every region for national roles, none for others. */
  readonly regions: readonly { readonly code: string; readonly name: string }[];
  /** Worst first. */
  readonly organisations: readonly CcgRisk[];
  /** Those whose score or level changed since last month, the largest rise first. */
  readonly moved: readonly CcgRisk[];
}

export interface OrganisationRisk extends CcgRisk {
  readonly asOf: string;
  readonly model: RiskModelVersion;
}

export interface RiskSimulation {
  readonly asOf: string;
  readonly current: RiskModelVersion;
  readonly proposed: RiskModel;
  readonly organisations: readonly RiskOrganisation[];
  readonly result: RiskWhatIf;
}

const DEFAULTS: RiskModelVersion = { version: null, model: DEFAULT_RISK_MODEL, reason: null, adoptedBy: null, adoptedAt: null };

/** The model in force: the newest adopted version, or the defaults. */
async function modelInForce(db: Kysely<DB>): Promise<RiskModelVersion> {
  const stored = await findLatestRiskModel(db);
  if (stored === undefined) return DEFAULTS;
  const parsed = parseRiskModel(stored.model);
  // Adopted models were checked by this schema; one that no longer parses is a programming error, not input.
  if (!parsed.ok) throw new Error(`The adopted risk model version ${String(stored.version)} no longer reads: ${parsed.problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ')}`);
  return { version: stored.version, model: parsed.value, reason: stored.reason, adoptedBy: stored.adoptedBy, adoptedAt: stored.adoptedAt };
}

export async function currentRiskModel(db: Kysely<DB>, actor: Actor): Promise<RiskModelVersion> {
  assertCan(actor, 'oversight.list');
  return modelInForce(db);
}

// A framework version's definition never changes under the same content hash, so its parse is kept.
const PARSED_FRAMEWORKS = new Map<string, Framework>();

async function ccgFrameworks(db: Kysely<DB>): Promise<Map<string, Framework>> {
  const frameworks = new Map<string, Framework>();
  for (const stored of await listFrameworkVersions(db)) {
    const key = `${stored.id}:${stored.contentHash}`;
    let framework = PARSED_FRAMEWORKS.get(key);
    if (framework === undefined) {
      framework = FrameworkSchema.parse(stored.definition);
      PARSED_FRAMEWORKS.set(key, framework);
    }
    if (framework.organisationType === 'ccg') frameworks.set(stored.id, framework);
  }
  return frameworks;
}

/** Indicators by code: the assurance year's framework first, then every other CCG framework (newest version first). */
function indicatorCatalogue(frameworks: ReadonlyMap<string, Framework>, preferred: string | undefined): Map<string, Indicator> {
  const ordered = [...frameworks].sort(([a], [b]) => Number(b === preferred) - Number(a === preferred));
  const catalogue = new Map<string, Indicator>();
  for (const [, framework] of ordered) {
    for (const indicator of framework.indicators) {
      if (indicator.dataType === 'categorical' || indicator.dataType === 'judgement' || catalogue.has(indicator.code)) continue;
      catalogue.set(indicator.code, indicator);
    }
  }
  return catalogue;
}

function scaleFinder(frameworks: ReadonlyMap<string, Framework>, yearFrameworks: ReadonlyMap<string, string>): (yearId: string, component: string) => ComponentScale | undefined {
  return (yearId, component) => {
    const framework = frameworks.get(yearFrameworks.get(yearId) ?? '');
    const domain = framework?.domains.find((candidate) => candidate.id === component);
    const scale = framework?.scales.find((candidate) => candidate.id === domain?.scale);
    return domain === undefined || scale === undefined ? undefined : { componentName: domain.name, levels: scale.levels };
  };
}

/** The surveys the dates read: for each, the newest whose fieldwork had ended by then, with every CCG's signal. */
async function surveyRecords(db: Kysely<DB>, dates: readonly string[]): Promise<SurveyRecord[]> {
  const surveys = await listStakeholderSurveys(db);
  const needed = [...new Set(dates.flatMap((date) => surveys.find((survey) => survey.fieldworkEndsOn <= date) ?? []))];
  return Promise.all(needed.map(async (survey) => ({ ...survey, signals: surveySignals(await listSurveyResults(db, survey.surveyYear), survey) })));
}

interface Scope {
  readonly organisations: readonly OrganisationRecord[];
  /** Undefined when the scope is every CCG (no list to pass to the queries). */
  readonly codes: readonly string[] | undefined;
}

/** Everything stored that the scores of these CCGs on these dates read. */
async function loadRecords(db: Kysely<DB>, actor: Actor, scope: Scope, dates: readonly string[], asOf: string, config: OversightConfig, now: Date): Promise<RiskRecords> {
  const options = scope.codes === undefined ? {} : { organisationCodes: scope.codes };
  const [frameworks, years, returns, surveys, assessed, ratings, stored] = await Promise.all([
    ccgFrameworks(db),
    listAssuranceYearRecords(db),
    listFinanceReturns(db, options),
    surveyRecords(db, dates),
    listAssessedComponents(db, options),
    publishedRatingsByOrganisation(db, actor, now),
    listStoredEvidence(db),
  ]);
  const yearFrameworks = new Map(years.map((year) => [year.id, year.frameworkVersionId]));
  const catalogue = indicatorCatalogue(frameworks, yearFrameworks.get(assuranceYearOf(asOf, config.yearStartMonth).id));
  const values = await listMonthlyIndicatorValues(db, { upTo: asOf, indicatorCodes: [...catalogue.keys()], ...options });
  const financeReturns: Map<string, FinanceReturn[]> = byOrganisation(returns);
  return {
    series: indicatorSeriesFrom(values, (code) => catalogue.get(code)),
    financeReturns,
    surveys,
    assessments: assessmentSignals(assessed, scaleFinder(frameworks, yearFrameworks)),
    ratings,
    concerns: new Map([...stored].map(([code, evidence]) => [code, evidence.concerns])),
    auditFindings: new Map([...stored].map(([code, evidence]) => [code, evidence.auditFindings])),
  };
}

/** The CCGs open on the date whose oversight record the actor sees, in a region when one is given. */
async function visibleCcgs(db: Kysely<DB>, actor: Actor, asOf: string, regionCode?: string): Promise<Scope> {
  const all = [...(await getAllOrganisations(db)).values()].filter((organisation) => organisation.type === 'ccg' && (organisation.closedOn === null || organisation.closedOn > asOf));
  const seen = all.filter((organisation) => can(actor, 'oversight.view', { organisationCode: organisation.code, regionCode: organisation.regionCode }) === 'allow');
  const organisations = seen.filter((organisation) => regionCode === undefined || organisation.regionCode === regionCode).sort((a, b) => a.code.localeCompare(b.code));
  return { organisations, codes: organisations.length === all.length ? undefined : organisations.map((organisation) => organisation.code) };
}

interface Circumstances {
  readonly distressed: ReadonlySet<string>;
  readonly openCases: ReadonlySet<string>;
  readonly lastHeld: ReadonlyMap<string, string>;
}

async function loadCircumstances(db: Kysely<DB>, asOf: string): Promise<Circumstances> {
  const [distressed, openCases, lastHeld] = await Promise.all([listDistressedEconomyCodes(db, asOf), listOrganisationsWithOpenCases(db), listLastHeldMeetings(db, asOf)]);
  return { distressed, openCases, lastHeld };
}

function circumstancesOf(code: string, circumstances: Circumstances): IntensityCircumstances {
  return { distressedEconomy: circumstances.distressed.has(code), specialMeasures: circumstances.openCases.has(code) };
}

interface Assessed {
  readonly asOf: string;
  readonly previousAsOf: string;
  readonly model: RiskModelVersion;
  readonly entries: CcgRisk[];
}

async function assess(db: Kysely<DB>, actor: Actor, scope: Scope, asOf: string, now: Date): Promise<Assessed> {
  const previousAsOf = addMonths(asOf, -1);
  const [model, config, circumstances] = await Promise.all([modelInForce(db), configuredOversight(), loadCircumstances(db, asOf)]);
  const records = await loadRecords(db, actor, scope, [asOf, previousAsOf], asOf, config, now);
  const codes = scope.organisations.map((organisation) => organisation.code);
  const current = riskEvidenceOn(records, codes, asOf, config.yearStartMonth);
  const before = riskEvidenceOn(records, codes, previousAsOf, config.yearStartMonth);
  const entries = scope.organisations.flatMap((organisation, index): CcgRisk[] => {
    const now = current[index];
    const then = before[index];
    if (now === undefined || then === undefined) return [];
    const risk = riskScore(now, model.model, asOf);
    const previous = riskScore(then, model.model, previousAsOf);
    const situation = circumstancesOf(organisation.code, circumstances);
    const intensity = riskIntensity(risk.level, situation, config);
    return [
      {
        organisation: { code: organisation.code, name: organisation.name, regionCode: organisation.regionCode },
        risk,
        previous,
        movement: riskMovement(risk, previous),
        circumstances: situation,
        intensity,
        checkpoint: nextCheckpoint(intensity.intensity, circumstances.lastHeld.get(organisation.code) ?? null, asOf, config),
      },
    ];
  });
  return { asOf, previousAsOf, model, entries };
}

/** Every CCG the actor sees (a regional lead their region, national roles England, a CCG itself), worst first. */
export async function rankedRisk(db: Kysely<DB>, actor: Actor, options: { asOf: string; regionCode?: string | undefined; now?: Date }): Promise<RankedRisk> {
  assertCan(actor, 'oversight.list');
  const national = can(actor, 'oversight.view-national') === 'allow';
  const scope = await visibleCcgs(db, actor, options.asOf, options.regionCode);
  const assessed = await assess(db, actor, scope, options.asOf, options.now ?? new Date());
  const organisations = assessed.entries.toSorted((a, b) => compareRiskWorstFirst(a.risk, b.risk));
  const moved = organisations.filter((entry) => entry.movement.change !== 0 || entry.movement.levelChange !== 'none').toSorted((a, b) => b.movement.change - a.movement.change || compareRiskWorstFirst(a.risk, b.risk));
  return {
    asOf: assessed.asOf,
    previousAsOf: assessed.previousAsOf,
    model: assessed.model,
    regionCode: options.regionCode ?? null,
    regions: national ? (await getRegions(db)).map((region) => ({ code: region.code, name: region.name })) : [],
    organisations,
    moved,
  };
}

/** One CCG's score with the full explanation; NotFoundError when the actor does not see it. */
export async function organisationRisk(db: Kysely<DB>, actor: Actor, code: string, asOf: string, now: Date = new Date()): Promise<OrganisationRisk> {
  assertCan(actor, 'oversight.list');
  const organisation = (await getAllOrganisations(db)).get(code);
  if (organisation?.type !== 'ccg' || can(actor, 'oversight.view', { organisationCode: code, regionCode: organisation.regionCode }) !== 'allow') throw hiddenOrganisation(code);
  const assessed = await assess(db, actor, { organisations: [organisation], codes: [code] }, asOf, now);
  const [entry] = assessed.entries;
  if (entry === undefined) throw hiddenOrganisation(code);
  return { ...entry, asOf, model: assessed.model };
}

function modelOrProblems(input: unknown): RiskModel {
  const parsed = parseRiskModel(input);
  if (!parsed.ok) throw new InputError('risk model', parsed.problems);
  return parsed.value;
}

/** What the proposed model would do to every CCG in England on the date, beside the model in force (national analysts). */
export async function simulateRiskModel(db: Kysely<DB>, actor: Actor, proposedInput: unknown, options: { asOf: string; now?: Date }): Promise<RiskSimulation> {
  assertCan(actor, 'oversight.simulate-risk');
  const proposed = modelOrProblems(proposedInput);
  const scope = await visibleCcgs(db, actor, options.asOf);
  const [current, config, circumstances] = await Promise.all([modelInForce(db), configuredOversight(), loadCircumstances(db, options.asOf)]);
  const records = await loadRecords(db, actor, scope, [options.asOf], options.asOf, config, options.now ?? new Date());
  const evidence = riskEvidenceOn(records, scope.organisations.map((organisation) => organisation.code), options.asOf, config.yearStartMonth);
  const subjects: RiskSubject[] = evidence.map((entry) => ({ evidence: entry, circumstances: circumstancesOf(entry.organisationCode, circumstances) }));
  return {
    asOf: options.asOf,
    current,
    proposed,
    organisations: scope.organisations.map((organisation) => ({ code: organisation.code, name: organisation.name, regionCode: organisation.regionCode })),
    result: whatIf(subjects, current.model, proposed, options.asOf, config),
  };
}

/** Adopts a model as the next version, with the reason, audited (national analysts). */
export async function adoptRiskModel(db: Kysely<DB>, actor: Actor, modelInput: unknown, reason: string, options: { at?: Date; requestId?: string | undefined } = {}): Promise<RiskModelVersion> {
  assertCan(actor, 'oversight.adopt-risk-model');
  const model = modelOrProblems(modelInput);
  const why = reason.trim();
  if (why === '') throw new InputError('risk model', [{ field: 'reason', message: 'Say why the risk model is changing' }]);
  if (why.length > LONG_TEXT_LIMIT) throw new InputError('risk model', [{ field: 'reason', message: `must be at most ${LONG_TEXT_LIMIT.toLocaleString('en-GB')} characters` }]);
  const adoptedBy = actor.kind === 'user' ? actor.email : actor.kind === 'system' ? actor.name : 'anonymous';
  return db.transaction().execute(async (trx) => {
    await lockRiskModels(trx);
    const before = await modelInForce(trx);
    const stored = await insertRiskModel(trx, { model, reason: why, adoptedBy, adoptedAt: options.at ?? new Date() });
    await recordAuditEvent(trx, {
      actor,
      action: 'oversight.risk-model.adopt',
      object: { type: 'risk-model', id: String(stored.version) },
      before: { version: before.version, model: before.model },
      after: { version: stored.version, model },
      reason: why,
      requestId: options.requestId,
    });
    return { version: stored.version, model, reason: why, adoptedBy, adoptedAt: stored.adoptedAt };
  });
}
