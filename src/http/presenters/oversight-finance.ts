import { monthLabel } from '../../domain/oversight/finance-import.ts';
import type { FinanceMonthFigures } from '../../domain/oversight/finance.ts';
import type { FinanceList, FinanceThreshold, OrganisationFinance } from '../../services/oversight/finance.ts';
import { financeRunChart } from '../charts/finance-run-chart.ts';
import { formatDateTime } from './date-time.ts';

// The finance pages: £ thousands as "£33,100k", variances signed and said in words (an overspend, a
// shortfall), where each forecast stands against the control total as an NHS.UK tag whose words carry the
// meaning, and the run chart of cumulative plan and actual with its table.

const THOUSANDS = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const PERCENT = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** "£33,100k"; a negative amount "−£500k". */
export function formatPounds(thousands: number): string {
  const rounded = Math.round(thousands);
  return `${rounded < 0 ? '−' : ''}£${THOUSANDS.format(Math.abs(rounded))}k`;
}

/** A signed amount: "+£1,500k", "−£500k", "£0k". */
function signedPounds(thousands: number): string {
  return Math.round(thousands) > 0 ? `+${formatPounds(thousands)}` : formatPounds(thousands);
}

/** "+2.3%", "−0.4%", "0.0%". */
export function formatPercent(percent: number): string {
  const text = PERCENT.format(Math.abs(percent));
  if (text === PERCENT.format(0)) return `${text}%`;
  return `${percent < 0 ? '−' : '+'}${text}%`;
}

export function organisationFinancePath(code: string, yearId?: string): string {
  return `/oversight/organisations/${encodeURIComponent(code)}/finance${yearId === undefined ? '' : `?year=${encodeURIComponent(yearId)}`}`;
}

/** Where the forecast stands against the control total, in words. */
function standing(latest: FinanceMonthFigures | null, beyond: boolean) {
  if (latest === null) return { text: 'No return', classes: 'nhsuk-tag--grey' };
  if (beyond) return { text: 'Seriously off plan', classes: 'nhsuk-tag--red' };
  if (Math.round(latest.forecastShortfall) > 0) return { text: 'Forecast below control total', classes: 'nhsuk-tag--orange' };
  return { text: 'Forecast meets control total', classes: 'nhsuk-tag--green' };
}

function thresholdText(threshold: FinanceThreshold): string {
  if (!threshold.enabled) return 'The special-measures financial trigger is switched off.';
  const reports = threshold.consecutiveReports === 1 ? 'the latest monthly return' : `each of the latest ${String(threshold.consecutiveReports)} monthly returns`;
  return `The special-measures financial trigger proposes a CCG whose forecast falls short of its control total by at least ${PERCENT.format(threshold.percentOfAllocation)}% of its allocation in ${reports}.`;
}

/** The list: each CCG's latest year-to-date variance and forecast against its control total, worst first. */
export function presentFinanceList(list: FinanceList) {
  const withReturns = list.entries.filter((entry) => entry.latest !== null).length;
  return {
    regionItems: [
      { value: '', text: 'Every CCG you can see', selected: list.regionCode === null },
      ...list.regions.map((region) => ({ value: region.code, text: `${region.name} (${region.code})`, selected: region.code === list.regionCode })),
    ],
    showRegionFilter: list.regions.length > 1,
    threshold: thresholdText(list.threshold),
    summary: `${THOUSANDS.format(list.entries.length)} CCG${list.entries.length === 1 ? '' : 's'}, ${THOUSANDS.format(withReturns)} with a return; ${THOUSANDS.format(list.entries.filter((entry) => entry.beyondThreshold).length)} seriously off plan.`,
    rows: list.entries.map((entry) => ({
      code: entry.code,
      name: entry.name,
      href: organisationFinancePath(entry.code),
      month: entry.latest === null ? 'No return' : monthLabel(entry.latest.month),
      variance: entry.latest === null ? '' : signedPounds(entry.latest.yearToDateVariance),
      variancePercent: entry.latest === null ? '' : formatPercent(entry.latest.yearToDateVariancePercent),
      shortfall: entry.latest === null ? '' : signedPounds(entry.latest.forecastShortfall),
      shortfallPercent: entry.latest === null ? '' : formatPercent(entry.latest.shortfallPercentOfAllocation),
      standing: standing(entry.latest, entry.beyondThreshold),
    })),
  };
}

/** A CCG's year: its latest position in words, the table by month, and the run chart. */
export function presentOrganisationFinance(finance: OrganisationFinance) {
  const { year, organisation, threshold } = finance;
  const latest = year.latest;
  const reported = year.months.flatMap((month) => (month.figures === null ? [] : [month.figures]));
  const beyond = latest !== null && threshold.enabled && latest.shortfallPercentOfAllocation >= threshold.percentOfAllocation;
  const latestSource = year.months.findLast((month) => month.source !== null)?.source ?? null;
  return {
    organisation,
    yearLabel: year.year.label,
    yearId: year.year.id,
    yearItems: finance.years.map((option) => ({ value: option.id, text: option.label, selected: option.id === year.year.id })),
    threshold: thresholdText(threshold),
    standing: standing(latest, beyond),
    latest:
      latest === null
        ? null
        : {
            month: monthLabel(latest.month),
            allocation: formatPounds(latest.allocation),
            controlTotal: formatPounds(latest.controlTotal),
            forecastOutturn: formatPounds(latest.forecastOutturn),
            forecastSurplus: formatPounds(latest.forecastSurplus),
            shortfall: signedPounds(latest.forecastShortfall),
            shortfallPercent: formatPercent(latest.shortfallPercentOfAllocation),
            yearToDatePlan: formatPounds(latest.yearToDatePlan),
            yearToDateActual: formatPounds(latest.yearToDateActual),
            variance: signedPounds(latest.yearToDateVariance),
            variancePercent: formatPercent(latest.yearToDateVariancePercent),
            varianceWords: Math.round(latest.yearToDateVariance) > 0 ? 'overspent against plan' : Math.round(latest.yearToDateVariance) < 0 ? 'underspent against plan' : 'on plan',
          },
    source: latestSource === null ? null : `The latest return came from ${latestSource.fileName}, imported by ${latestSource.importedBy} on ${formatDateTime(latestSource.importedAt)}.`,
    missing: year.missingMonths.map(monthLabel),
    rows: year.months
      .filter((month) => latest !== null && month.month <= latest.month)
      .map((month) => {
        const figures = month.figures;
        return {
          month: monthLabel(month.month),
          received: figures !== null,
          plan: figures === null ? '' : formatPounds(figures.plan),
          actual: figures === null ? '' : formatPounds(figures.actual),
          yearToDatePlan: figures === null ? '' : formatPounds(figures.yearToDatePlan),
          yearToDateActual: figures === null ? '' : formatPounds(figures.yearToDateActual),
          variance: figures === null ? '' : signedPounds(figures.yearToDateVariance),
          variancePercent: figures === null ? '' : formatPercent(figures.yearToDateVariancePercent),
          forecastOutturn: figures === null ? '' : formatPounds(figures.forecastOutturn),
          forecastSurplus: figures === null ? '' : formatPounds(figures.forecastSurplus),
          controlTotal: figures === null ? '' : formatPounds(figures.controlTotal),
          shortfall: figures === null ? '' : signedPounds(figures.forecastShortfall),
          shortfallPercent: figures === null ? '' : formatPercent(figures.shortfallPercentOfAllocation),
          source: month.source === null ? '' : `${month.source.fileName}, ${formatDateTime(month.source.importedAt)}`,
        };
      }),
    chart:
      reported.length === 0
        ? null
        : financeRunChart({
            id: 'finance-run-chart',
            title: `${organisation.name}: cumulative planned and actual expenditure, ${year.year.label}`,
            description:
              `Year-to-date planned expenditure (dashed line) and actual expenditure (solid line with a dot for each monthly return) from ${monthLabel(year.year.startsOn)} to ${latest === null ? '' : monthLabel(latest.month)}, in £ thousands. ` +
              (latest === null ? '' : `By ${monthLabel(latest.month)} the CCG had spent ${formatPounds(latest.yearToDateActual)} against a plan of ${formatPounds(latest.yearToDatePlan)} (${signedPounds(latest.yearToDateVariance)}). `) +
              'The table below gives every figure.',
            points: reported.map((figures) => ({ month: figures.month, yearToDatePlan: figures.yearToDatePlan, yearToDateActual: figures.yearToDateActual })),
            yearStartsOn: year.year.startsOn,
            yearEndsOn: year.year.endsOn,
          }),
  };
}
