import { addMonths, longDate } from './calendar-months.ts';
import { AUDIT_SEVERITIES, type AuditSeverity, type ConcernKind, type TriggerConfig, type TriggerKind } from './trigger-config.ts';
import { completePeriodsUpTo } from './trigger-periods.ts';

// Which organisations Assure proposes for special measures on a date, and why, in words that cite the figures
// and dates. A trigger only proposes: a person decides whether a proposal becomes a case. Everything is read
// from the evidence given and the date given; nothing looks at a clock.

/** A published rating: the level's scale code and the words the public saw. */
export interface PublishedRating {
  readonly level: string;
  readonly label: string;
  readonly publishedOn: string;
  /** What the rating was ("CCG IAF 2016/17 annual assessment"). */
  readonly source: string;
}

/** A concern recorded by the regional team at a checkpoint. */
export interface ConcernFlag {
  readonly on: string;
  readonly kind: ConcernKind;
  readonly serious: boolean;
  readonly note: string;
}

/** A financial report: planned and forecast surplus (negative for a deficit) and allocation, in £ thousands. */
export interface FinancialPosition {
  readonly periodEnd: string;
  readonly allocation: number;
  readonly plannedSurplus: number;
  readonly forecastSurplus: number;
}

export interface AuditFinding {
  readonly reportedOn: string;
  readonly auditor: 'internal' | 'external';
  readonly severity: AuditSeverity;
  readonly aboutFinancialControls: boolean;
  readonly summary: string;
  /** When the finding was closed as resolved, if it has been. */
  readonly resolvedOn: string | null;
}

/** What is known of one organisation, as plain data. */
export interface OrganisationEvidence {
  readonly organisationCode: string;
  readonly ratings: readonly PublishedRating[];
  readonly concerns: readonly ConcernFlag[];
  readonly finances: readonly FinancialPosition[];
  readonly auditFindings: readonly AuditFinding[];
}

export interface TriggerFinding {
  readonly kind: TriggerKind;
  readonly explanation: string;
}

/** An organisation Assure proposes for special measures, with every trigger that fired. */
export interface TriggerProposal {
  readonly organisationCode: string;
  readonly findings: readonly TriggerFinding[];
}

const POUNDS_THOUSANDS = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const PERCENT = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

function money(thousands: number): string {
  return `£${POUNDS_THOUSANDS.format(Math.abs(thousands))}k`;
}

function surplusOrDeficit(thousands: number): string {
  return thousands < 0 ? `a deficit of ${money(thousands)}` : `a surplus of ${money(thousands)}`;
}

/** The rating in force on the date: the latest published on or before it (of two the same day, the later given). */
export function latestRating(ratings: readonly PublishedRating[], asOf: string): PublishedRating | null {
  let latest: PublishedRating | null = null;
  for (const rating of ratings) if (rating.publishedOn <= asOf && (latest === null || rating.publishedOn >= latest.publishedOn)) latest = rating;
  return latest;
}

function ratedAs(rating: PublishedRating): string {
  return `Rated ${rating.label} in the ${rating.source}, published ${longDate(rating.publishedOn)}`;
}

function inadequateRating(evidence: OrganisationEvidence, config: TriggerConfig['inadequateRating'], asOf: string): TriggerFinding | null {
  const rating = latestRating(evidence.ratings, asOf);
  if (!config.enabled || rating === null || !config.levels.includes(rating.level)) return null;
  return { kind: 'inadequate-rating', explanation: `${ratedAs(rating)}.` };
}

function persistentConcerns(evidence: OrganisationEvidence, config: TriggerConfig['persistentConcerns'], asOf: string): TriggerFinding | null {
  const rating = latestRating(evidence.ratings, asOf);
  if (!config.enabled || rating === null || !config.levels.includes(rating.level)) return null;
  const periods = completePeriodsUpTo(asOf, config.period, config.consecutivePeriods);
  const perPeriod = periods.map((period) => ({
    period,
    flags: evidence.concerns.filter((flag) => flag.serious && config.concernKinds.includes(flag.kind) && flag.on >= period.start && flag.on <= period.end),
  }));
  if (perPeriod.some((entry) => entry.flags.length === 0)) return null;
  const kinds = config.concernKinds.join(' or ');
  const each = perPeriod.map((entry) => `${entry.period.label}: ${entry.flags.map((flag) => `${flag.kind}, ${longDate(flag.on)}: ${withoutFullStop(flag.note)}`).join('; ')}`);
  const span = config.consecutivePeriods === 1 ? `the ${config.period} to ${longDate(periods.at(-1)?.end ?? asOf)}` : `each of the ${String(config.consecutivePeriods)} ${config.period}s to ${longDate(periods.at(-1)?.end ?? asOf)}`;
  return { kind: 'persistent-concerns', explanation: `${ratedAs(rating)}, with serious ${kinds} concerns flagged in ${span} (${each.join(' | ')}).` };
}

/** A note as written, without its closing full stop: the explanation quotes several and ends the sentence itself. */
function withoutFullStop(text: string): string {
  return text.trim().replace(/\.+$/, '');
}

function adverseVariance(position: FinancialPosition): number {
  return position.plannedSurplus - position.forecastSurplus;
}

function financialVariance(evidence: OrganisationEvidence, config: TriggerConfig['financialVariance'], asOf: string): TriggerFinding | null {
  if (!config.enabled) return null;
  const recent = evidence.finances
    .filter((position) => position.periodEnd <= asOf)
    .toSorted((a, b) => a.periodEnd.localeCompare(b.periodEnd))
    .slice(-config.consecutiveReports);
  if (recent.length < config.consecutiveReports) return null;
  const beyond = (position: FinancialPosition): boolean => position.allocation > 0 && (adverseVariance(position) / position.allocation) * 100 >= config.percentOfAllocation;
  if (!recent.every(beyond)) return null;
  const described = recent.map(
    (position) =>
      `at ${longDate(position.periodEnd)} the forecast is ${surplusOrDeficit(position.forecastSurplus)} against a planned ${surplusOrDeficit(position.plannedSurplus).replace(/^a /, '')}: ${money(adverseVariance(position))} worse than plan, ${PERCENT.format((adverseVariance(position) / position.allocation) * 100)}% of the ${money(position.allocation)} allocation`,
  );
  const reports = config.consecutiveReports === 1 ? 'the latest financial report' : `each of the latest ${String(config.consecutiveReports)} financial reports`;
  return {
    kind: 'financial-variance',
    explanation: `Financial performance is seriously off plan in ${reports} (threshold ${PERCENT.format(config.percentOfAllocation)}% of allocation): ${described.join('; ')}.`,
  };
}

function weakFinancialControls(evidence: OrganisationEvidence, config: TriggerConfig['weakFinancialControls'], asOf: string): TriggerFinding | null {
  if (!config.enabled) return null;
  const since = addMonths(asOf, -config.withinMonths);
  const minimum = AUDIT_SEVERITIES.indexOf(config.minimumSeverity);
  const findings = evidence.auditFindings.filter(
    (finding) =>
      finding.aboutFinancialControls &&
      config.auditors.includes(finding.auditor) &&
      AUDIT_SEVERITIES.indexOf(finding.severity) >= minimum &&
      finding.reportedOn > since &&
      finding.reportedOn <= asOf &&
      (finding.resolvedOn === null || finding.resolvedOn > asOf),
  );
  if (findings.length === 0) return null;
  const described = findings.map((finding) => `${finding.auditor} audit, ${longDate(finding.reportedOn)} (${finding.severity}): ${withoutFullStop(finding.summary)}`);
  return {
    kind: 'weak-financial-controls',
    explanation: `Weak financial controls found by audit in the ${String(config.withinMonths)} months to ${longDate(asOf)} and not resolved: ${described.join('; ')}.`,
  };
}

/** Every trigger that fires for one organisation on the date, in the order of the trigger kinds. */
export function evaluateTriggers(evidence: OrganisationEvidence, config: TriggerConfig, asOf: string): TriggerFinding[] {
  return [
    inadequateRating(evidence, config.inadequateRating, asOf),
    persistentConcerns(evidence, config.persistentConcerns, asOf),
    financialVariance(evidence, config.financialVariance, asOf),
    weakFinancialControls(evidence, config.weakFinancialControls, asOf),
  ].filter((finding) => finding !== null);
}

/**
 * The evidence dated after `decidedOn`, the day the organisation's last case closed (declined, exited or
 * closed after intervention): that case decided on everything before it, so only newer evidence proposes again.
 */
export function evidenceAfter(evidence: OrganisationEvidence, decidedOn: string): OrganisationEvidence {
  return {
    organisationCode: evidence.organisationCode,
    ratings: evidence.ratings.filter((rating) => rating.publishedOn > decidedOn),
    concerns: evidence.concerns.filter((concern) => concern.on > decidedOn),
    finances: evidence.finances.filter((position) => position.periodEnd > decidedOn),
    auditFindings: evidence.auditFindings.filter((finding) => finding.reportedOn > decidedOn),
  };
}

/**
 * The organisations to propose on the date, in the order given. Organisations already in special measures
 * are the caller's to leave out (see `hasOpenCase`): a trigger does not know about cases.
 */
export function proposeCases(evidence: readonly OrganisationEvidence[], config: TriggerConfig, asOf: string): TriggerProposal[] {
  return evidence.flatMap((organisation) => {
    const findings = evaluateTriggers(organisation, config, asOf);
    return findings.length === 0 ? [] : [{ organisationCode: organisation.organisationCode, findings }];
  });
}
