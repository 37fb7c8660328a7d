import type { DueItem, DueItemKind } from '../special-measures/deadlines.ts';
import { addDays, longDate } from '../special-measures/calendar-months.ts';
import { monthEnd } from './finance.ts';
import type { FinanceSignal, IndicatorSignal } from './risk-evidence.ts';

// A checkpoint's agenda, generated from what changed since the last meeting held with the CCG: indicators whose
// latest point is a special cause in the unfavourable direction, or ends a run trending the wrong way (through the
// SPC, dated after the last meeting); the finance return's variance from plan, if the latest return came since;
// and, whenever they are, the agreed actions overdue or due soon and the open special-measures case's items due.
// Every item says where it comes from and its date, so the meeting can check each against its source.

export const AGENDA_ITEM_KINDS = ['indicator', 'finance', 'action', 'case-item'] as const;
export type AgendaItemKind = (typeof AGENDA_ITEM_KINDS)[number];

export interface AgendaItem {
  readonly kind: AgendaItemKind;
  readonly title: string;
  readonly detail: string;
  /** Where it comes from, in words (the dataset, the finance return, the meeting that agreed the action, the case). */
  readonly source: string;
  /** The date of the evidence: the indicator's latest period end, the return's month end, the due date. */
  readonly date: string;
  /** The record it is about, for a link: an action or a case; null for indicators and finance. */
  readonly reference: { readonly type: 'action' | 'case'; readonly id: string } | null;
}

export interface Agenda {
  /** The day it was generated for: the meeting's date, or the day it was held. */
  readonly asOf: string;
  /** The last meeting held before, or null when there was none. */
  readonly since: string | null;
  /** What changed is read from after this day: `since`, or the assurance year's first day when none was held. */
  readonly changesAfter: string;
  readonly items: readonly AgendaItem[];
}

/** An open action agreed at an earlier meeting. */
export interface AgendaAction {
  readonly id: string;
  readonly description: string;
  readonly owner: string;
  readonly dueOn: string;
  /** The day the meeting that agreed it was held. */
  readonly agreedOn: string | null;
}

export interface AgendaCaseItem extends DueItem {
  readonly caseId: string;
}

export interface AgendaInput {
  readonly asOf: string;
  readonly lastHeldOn: string | null;
  readonly yearStartsOn: string;
  /** The CCG's indicator signals at `asOf`. */
  readonly indicators: readonly IndicatorSignal[];
  readonly finance: FinanceSignal | null;
  /** The financial trigger's threshold: forecast worse than plan by this percentage of allocation. */
  readonly financeThresholdPercent: number;
  /** The CCG's open actions (others are ignored). */
  readonly actions: readonly (AgendaAction & { readonly status: string })[];
  readonly caseItems: readonly AgendaCaseItem[];
  readonly dueSoonDays: number;
}

const CASE_ITEM_LABELS: Readonly<Record<DueItemKind, string>> = {
  'external-review': 'External review',
  'improvement-plan': 'Improvement plan',
  'progress-report': 'Progress report',
  milestone: 'Improvement plan milestone',
  'deadline-review': 'Special-measures deadline review',
};

const WHOLE = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const ONE_PLACE = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
const VALUE = new Intl.NumberFormat('en-GB', { maximumSignificantDigits: 4 });
const MONTH = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

function money(thousands: number): string {
  return `£${WHOLE.format(Math.abs(thousands))}k`;
}

function indicatorItem(signal: IndicatorSignal): AgendaItem {
  const what = signal.unfavourableTrend ? 'trending the unfavourable way' : 'a special cause in the unfavourable direction';
  return {
    kind: 'indicator',
    title: `${signal.indicatorName} (${signal.indicatorCode})`,
    detail: `${signal.specialCause}: the latest point (${VALUE.format(signal.latestValue)}, for the period to ${longDate(signal.latestPeriodEnd)}) is ${what}, over ${String(signal.points)} monthly points.`,
    source: `Indicator series in dataset ${signal.dataset}, through the SPC (Making Data Count rules)`,
    date: signal.latestPeriodEnd,
    reference: null,
  };
}

function financeItem(finance: FinanceSignal, thresholdPercent: number): AgendaItem | null {
  if (finance.forecastShortfall <= 0 && finance.yearToDateOverspend <= 0) return null;
  const parts: string[] = [];
  if (finance.forecastShortfall > 0) {
    const beyond = finance.shortfallPercentOfAllocation >= thresholdPercent;
    parts.push(
      `The forecast is ${money(finance.forecastShortfall)} worse than the control total (${ONE_PLACE.format(finance.shortfallPercentOfAllocation)}% of the ${money(finance.allocation)} allocation; the financial trigger’s threshold is ${ONE_PLACE.format(thresholdPercent)}%${beyond ? ', reached' : ''}).`,
    );
  }
  if (finance.yearToDateOverspend > 0) parts.push(`Year to date, spending is ${money(finance.yearToDateOverspend)} over plan (${ONE_PLACE.format(finance.yearToDateOverspendPercent)}%).`);
  const month = MONTH.format(new Date(`${finance.month}T00:00:00Z`));
  return { kind: 'finance', title: 'Finance: variance from plan', detail: parts.join(' '), source: `Monthly finance return for ${month}`, date: monthEnd(finance.month), reference: null };
}

function actionItem(action: AgendaAction, overdue: boolean): AgendaItem {
  return {
    kind: 'action',
    title: `${overdue ? 'Action overdue' : 'Action due soon'}: ${action.description}`,
    detail: `Owner: ${action.owner}. Due ${overdue ? 'on' : 'by'} ${longDate(action.dueOn)}.`,
    source: action.agreedOn === null ? 'An agreed action' : `Action agreed at the meeting held on ${longDate(action.agreedOn)}`,
    date: action.dueOn,
    reference: { type: 'action', id: action.id },
  };
}

function caseItem(item: AgendaCaseItem): AgendaItem {
  return {
    kind: 'case-item',
    title: `${CASE_ITEM_LABELS[item.kind]} ${item.status === 'overdue' ? 'overdue' : 'due'}`,
    detail: `${item.description}; due ${item.status === 'overdue' ? 'on' : 'by'} ${longDate(item.dueOn)}, for ${item.by === 'ccg' ? 'the CCG' : 'NHS England'} to act.`,
    source: 'The open special-measures case',
    date: item.dueOn,
    reference: { type: 'case', id: item.caseId },
  };
}

/**
 * The agenda for a meeting on `asOf`: indicators (special causes, then trends; by code) and finance dated after
 * the last meeting held, then overdue and soon-due open actions (the oldest due first), then the case's items
 * due, by date. The same input in any order gives the same agenda.
 */
export function generateAgenda(input: AgendaInput): Agenda {
  const changesAfter = input.lastHeldOn ?? addDays(input.yearStartsOn, -1);
  const recent = (date: string): boolean => date > changesAfter && date <= input.asOf;
  const indicators = input.indicators
    .filter((signal) => (signal.concern || signal.unfavourableTrend) && recent(signal.latestPeriodEnd))
    .toSorted((a, b) => Number(a.unfavourableTrend && !a.concern) - Number(b.unfavourableTrend && !b.concern) || a.indicatorCode.localeCompare(b.indicatorCode) || a.dataset.localeCompare(b.dataset) || a.latestPeriodEnd.localeCompare(b.latestPeriodEnd))
    .map(indicatorItem);
  const finance = input.finance !== null && recent(monthEnd(input.finance.month)) ? financeItem(input.finance, input.financeThresholdPercent) : null;
  const until = addDays(input.asOf, input.dueSoonDays);
  const actions = input.actions
    .filter((action) => action.status === 'open' && action.dueOn <= until)
    .toSorted((a, b) => a.dueOn.localeCompare(b.dueOn) || a.id.localeCompare(b.id))
    .map((action) => actionItem(action, action.dueOn < input.asOf));
  const caseItems = input.caseItems.toSorted((a, b) => a.dueOn.localeCompare(b.dueOn) || a.kind.localeCompare(b.kind) || a.description.localeCompare(b.description)).map(caseItem);
  return { asOf: input.asOf, since: input.lastHeldOn, changesAfter, items: [...indicators, ...(finance === null ? [] : [finance]), ...actions, ...caseItems] };
}

/** What the agenda looks back to, in words. */
export function agendaSinceText(agenda: Pick<Agenda, 'since' | 'changesAfter'>): string {
  return agenda.since === null ? `No meeting was held before this one in the assurance year: changes are read from ${longDate(addDays(agenda.changesAfter, 1))}.` : `Changes since the last meeting held, on ${longDate(agenda.since)}.`;
}

/** An agenda as stored (JSON), read back; anything that is not one reads as an empty agenda. */
export function agendaFromJson(value: unknown, fallback: { asOf: string; since: string | null }): Agenda {
  const empty: Agenda = { asOf: fallback.asOf, since: fallback.since, changesAfter: fallback.since ?? fallback.asOf, items: [] };
  if (typeof value !== 'object' || value === null || !('items' in value) || !Array.isArray(value.items)) return empty;
  const record = value as { asOf?: unknown; since?: unknown; changesAfter?: unknown; items: unknown[] };
  const items = record.items.flatMap((item): AgendaItem[] => {
    if (typeof item !== 'object' || item === null) return [];
    const entry = item as Record<string, unknown>;
    const kind = AGENDA_ITEM_KINDS.find((candidate) => candidate === entry['kind']);
    const strings = ['title', 'detail', 'source', 'date'].map((key) => entry[key]);
    if (kind === undefined || !strings.every((part) => typeof part === 'string')) return [];
    const reference = entry['reference'] as { type?: unknown; id?: unknown } | null | undefined;
    const type: 'action' | 'case' | null = reference?.type === 'action' ? 'action' : reference?.type === 'case' ? 'case' : null;
    const linked = type !== null && typeof reference?.id === 'string' ? { type, id: reference.id } : null;
    const [title, detail, source, date] = strings as [string, string, string, string];
    return [{ kind, title, detail, source, date, reference: linked }];
  });
  return {
    asOf: typeof record.asOf === 'string' ? record.asOf : empty.asOf,
    since: typeof record.since === 'string' ? record.since : null,
    changesAfter: typeof record.changesAfter === 'string' ? record.changesAfter : empty.changesAfter,
    items,
  };
}
