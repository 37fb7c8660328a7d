import { longDate } from './calendar-months.ts';
import { COMMISSIONING_FUNCTION_LABELS, type CommissioningFunction } from './commissioning-functions.ts';

// Who commissions what for whom, on any date. By default an organisation is responsible for every function for
// its own population; a responsibility record says that, for a period, another body performs a named function
// for it (a transfer under directions); a merger record says that from a date the predecessors' populations are
// served by the successor. The answer is a list because a population can have been served in parts: asked about
// a merged CCG for a date before the merger, the registry answers for each predecessor.

/** Another body performs a function for the organisation's population, from `from` up to the day before `until`. */
export interface ResponsibilityRecord {
  readonly organisationCode: string;
  readonly function: CommissioningFunction;
  readonly responsibleBodyCode: string;
  readonly from: string;
  /** The first day the arrangement no longer applies (the day the function returned); null while it goes on. */
  readonly until: string | null;
  /** Why: the direction or agreement that made the transfer. */
  readonly basis: string;
}

/**
 * Predecessors' populations served by a successor from `effectiveOn`. A 'merger' creates the successor on that
 * day (before it, the successor's population was its predecessors'); an 'absorption' adds them to a body that
 * already existed (a dissolution, or a CCG joining another), whose own earlier population is its own.
 */
export interface MergerRecord {
  readonly kind: 'merger' | 'absorption';
  readonly predecessorCodes: readonly string[];
  readonly successorCode: string;
  readonly effectiveOn: string;
}

export interface ResponsibilityRegistry {
  readonly records: readonly ResponsibilityRecord[];
  readonly mergers: readonly MergerRecord[];
}

export interface ResponsibilityAnswer {
  /** The organisation whose population (all or part of the one asked about) this answer covers. */
  readonly population: string;
  readonly responsibleBodyCode: string;
  /** The chain of reasons, in words. */
  readonly because: readonly string[];
}

function mergerOf(registry: ResponsibilityRegistry, predecessor: string): MergerRecord | null {
  return registry.mergers.find((merger) => merger.predecessorCodes.includes(predecessor)) ?? null;
}

function creationOf(registry: ResponsibilityRegistry, successor: string): MergerRecord | null {
  return registry.mergers.find((merger) => merger.kind === 'merger' && merger.successorCode === successor) ?? null;
}

/** The body that carries on `code` on the date: itself, or its successor after each merger up to then. */
function carriedOnBy(registry: ResponsibilityRegistry, code: string, date: string, because: string[]): string {
  let current = code;
  const seen = new Set([current]);
  for (let merger = mergerOf(registry, current); merger !== null && merger.effectiveOn <= date && !seen.has(merger.successorCode); merger = mergerOf(registry, current)) {
    because.push(`${current} became part of ${merger.successorCode} on ${longDate(merger.effectiveOn)}`);
    current = merger.successorCode;
    seen.add(current);
  }
  return current;
}

function transferOf(registry: ResponsibilityRegistry, code: string, fn: CommissioningFunction, date: string): ResponsibilityRecord | null {
  return registry.records.find((record) => record.organisationCode === code && record.function === fn && record.from <= date && (record.until === null || date < record.until)) ?? null;
}

function resolve(registry: ResponsibilityRegistry, fn: CommissioningFunction, code: string, date: string, because: readonly string[], depth: number): ResponsibilityAnswer[] {
  if (depth > registry.mergers.length + 1) return [];
  const trail = [...because];
  const serving = carriedOnBy(registry, code, date, trail);
  const creation = creationOf(registry, serving);
  if (creation !== null && date < creation.effectiveOn) {
    return creation.predecessorCodes.flatMap((predecessor) =>
      resolve(registry, fn, predecessor, date, [...trail, `${serving} did not exist until ${longDate(creation.effectiveOn)}; part of its population was served by ${predecessor}`], depth + 1),
    );
  }
  const transfer = transferOf(registry, serving, fn, date);
  if (transfer === null) return [{ population: serving, responsibleBodyCode: serving, because: [...trail, `${serving} commissions ${COMMISSIONING_FUNCTION_LABELS[fn].toLowerCase()} for its own population`] }];
  const during = transfer.until === null ? `from ${longDate(transfer.from)}` : `from ${longDate(transfer.from)} until ${longDate(transfer.until)}`;
  trail.push(`${COMMISSIONING_FUNCTION_LABELS[fn]} for ${serving} is performed by ${transfer.responsibleBodyCode} ${during} (${transfer.basis})`);
  return [{ population: serving, responsibleBodyCode: carriedOnBy(registry, transfer.responsibleBodyCode, date, trail), because: trail }];
}

/** Who is responsible for the function for the organisation's population on the date, part by part. */
export function whoIsResponsible(registry: ResponsibilityRegistry, fn: CommissioningFunction, organisationCode: string, date: string): ResponsibilityAnswer[] {
  return resolve(registry, fn, organisationCode, date, [], 0);
}

export interface Lineage {
  readonly organisationCode: string;
  /** Every organisation whose population became part of this one, nearest first. */
  readonly predecessors: readonly { readonly code: string; readonly into: string; readonly on: string; readonly kind: MergerRecord['kind'] }[];
  /** The chain of bodies this one became part of, in order. */
  readonly successors: readonly { readonly code: string; readonly on: string; readonly kind: MergerRecord['kind'] }[];
}

export function lineage(registry: ResponsibilityRegistry, organisationCode: string): Lineage {
  const predecessors: Lineage['predecessors'][number][] = [];
  const queue = [organisationCode];
  const seen = new Set(queue);
  for (let code = queue.shift(); code !== undefined; code = queue.shift()) {
    for (const merger of registry.mergers.filter((candidate) => candidate.successorCode === code)) {
      for (const predecessor of merger.predecessorCodes) {
        if (seen.has(predecessor)) continue;
        seen.add(predecessor);
        predecessors.push({ code: predecessor, into: code, on: merger.effectiveOn, kind: merger.kind });
        queue.push(predecessor);
      }
    }
  }
  const successors: Lineage['successors'][number][] = [];
  const visited = new Set([organisationCode]);
  for (let merger = mergerOf(registry, organisationCode); merger !== null && !visited.has(merger.successorCode); merger = mergerOf(registry, merger.successorCode)) {
    successors.push({ code: merger.successorCode, on: merger.effectiveOn, kind: merger.kind });
    visited.add(merger.successorCode);
  }
  return { organisationCode, predecessors, successors };
}

/** What makes a registry ambiguous or impossible, in words; empty when it can answer every question once. */
export function registryProblems(registry: ResponsibilityRegistry): string[] {
  const problems: string[] = [];
  const mergedIn = new Map<string, MergerRecord>();
  for (const merger of registry.mergers) {
    if (merger.predecessorCodes.length === 0) problems.push(`the merger into ${merger.successorCode} names no predecessor`);
    if (merger.predecessorCodes.includes(merger.successorCode)) problems.push(`${merger.successorCode} cannot be its own predecessor`);
    for (const predecessor of merger.predecessorCodes) {
      if (mergedIn.has(predecessor)) problems.push(`${predecessor} is a predecessor in more than one merger`);
      mergedIn.set(predecessor, merger);
    }
  }
  for (const merger of registry.mergers) {
    if (merger.kind === 'merger' && registry.mergers.filter((other) => other.kind === 'merger' && other.successorCode === merger.successorCode).length > 1) {
      problems.push(`${merger.successorCode} is created by more than one merger`);
    }
    for (const predecessor of merger.predecessorCodes) {
      const creation = creationOf(registry, predecessor);
      if (creation !== null && creation.effectiveOn >= merger.effectiveOn) problems.push(`${predecessor} merges into ${merger.successorCode} on ${merger.effectiveOn}, not after it was created on ${creation.effectiveOn}`);
    }
    const seen = new Set<string>(merger.predecessorCodes);
    for (let next: MergerRecord | undefined = merger; next !== undefined; next = mergedIn.get(next.successorCode)) {
      if (seen.has(next.successorCode)) {
        problems.push(`mergers from ${merger.predecessorCodes.join(', ')} lead back to ${next.successorCode}`);
        break;
      }
      seen.add(next.successorCode);
    }
  }
  registry.records.forEach((record, index) => {
    const name = `${COMMISSIONING_FUNCTION_LABELS[record.function]} for ${record.organisationCode}`;
    if (record.until !== null && record.until <= record.from) problems.push(`${name}: the arrangement must end after it starts (${record.from} to ${record.until})`);
    if (record.responsibleBodyCode === record.organisationCode) problems.push(`${name}: a transfer must be to another body`);
    registry.records.slice(index + 1).forEach((other) => {
      const overlaps = other.organisationCode === record.organisationCode && other.function === record.function && (record.until === null || other.from < record.until) && (other.until === null || record.from < other.until);
      if (overlaps) problems.push(`${name}: two arrangements overlap (from ${record.from} and from ${other.from})`);
    });
  });
  return [...new Set(problems)];
}
