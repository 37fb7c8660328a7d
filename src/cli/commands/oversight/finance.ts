import fs from 'node:fs';
import path from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { Kysely } from 'kysely';
import type { Actor } from '../../../domain/identity/actor.ts';
import { parseYearId } from '../../../domain/oversight/assurance-year.ts';
import type { FinanceMonthFigures } from '../../../domain/oversight/finance.ts';
import { formatThousands, monthLabel } from '../../../domain/oversight/finance-import.ts';
import type { DB } from '../../../db/schema.ts';
import { type FinanceList, type FinanceThreshold, nationalFinance, type OrganisationFinance, organisationFinance, regionFinance } from '../../../services/oversight/finance.ts';
import { importFinanceReturns } from '../../../services/oversight/finance-import.ts';
import type { ReturnImportOutcome } from '../../../services/oversight/return-import.ts';
import { formatTextTable } from '../../text-table.ts';
import { withDatabase } from '../../with-database.ts';

type OutputFormat = 'text' | 'json';

const PERCENT = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' });

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function yearArgument(value: string): string {
  const year = parseYearId(value);
  if (year === null) throw new InvalidArgumentError('give an assurance year such as 2016-17');
  return year;
}

/** £ thousands, signed when asked: "+1,500", "-500". */
function thousands(value: number, signed = false): string {
  const text = formatThousands(Math.round(value));
  return signed && Math.round(value) > 0 ? `+${text}` : text;
}

function percent(value: number): string {
  return `${PERCENT.format(value)}%`;
}

function describeImport(fileName: string, outcome: ReturnImportOutcome): string {
  switch (outcome.kind) {
    case 'dry-run':
      return `${fileName}: valid; ${String(outcome.rows)} finance returns would be imported${outcome.wouldReplace > 0 ? `, replacing ${String(outcome.wouldReplace)} stored returns` : ''} (dry run: nothing written).\n`;
    case 'unchanged':
      return `${fileName}: already imported as batch ${outcome.batch.id} on ${outcome.batch.importedAt.toISOString()} by ${outcome.batch.importedBy}; nothing changed.\n`;
    case 'imported':
      return `${fileName}: ${String(outcome.batch.rowCount)} finance returns imported as batch ${outcome.batch.id}${outcome.batch.replacedCount > 0 ? `, replacing ${String(outcome.batch.replacedCount)} stored returns` : ''}.\n`;
  }
}

function thresholdText(threshold: FinanceThreshold): string {
  if (!threshold.enabled) return 'The special-measures financial trigger is switched off.\n';
  const reports = threshold.consecutiveReports === 1 ? 'the latest return' : `each of the latest ${String(threshold.consecutiveReports)} returns`;
  return `Seriously off plan: a forecast short of the control total by at least ${formatThousands(threshold.percentOfAllocation)}% of allocation in ${reports} (the special-measures financial trigger).\n`;
}

function standing(latest: FinanceMonthFigures | null, beyond: boolean): string {
  if (latest === null) return 'no return';
  if (beyond) return 'seriously off plan';
  return Math.round(latest.forecastShortfall) > 0 ? 'forecast below control total' : 'forecast meets control total';
}

function formatList(list: FinanceList): string {
  const scope = list.regionCode === null ? 'Every CCG you can see' : `The CCGs of ${list.regions.find((region) => region.code === list.regionCode)?.name ?? list.regionCode} (${list.regionCode})`;
  const table = formatTextTable(
    ['CODE', 'LATEST', 'YTD VARIANCE £K', 'OF PLAN', 'FORECAST SHORTFALL £K', 'OF ALLOCATION', 'STANDING', 'NAME'],
    list.entries.map((entry) => [
      entry.code,
      entry.latest === null ? '-' : entry.latest.month.slice(0, 7),
      entry.latest === null ? '-' : thousands(entry.latest.yearToDateVariance, true),
      entry.latest === null ? '-' : percent(entry.latest.yearToDateVariancePercent),
      entry.latest === null ? '-' : thousands(entry.latest.forecastShortfall, true),
      entry.latest === null ? '-' : percent(entry.latest.shortfallPercentOfAllocation),
      standing(entry.latest, entry.beyondThreshold),
      entry.name,
    ]),
  );
  return `${scope}, furthest from plan first (£ thousands; a positive variance is an overspend, a positive shortfall worse than plan).\n${thresholdText(list.threshold)}${table}`;
}

function formatOrganisation(finance: OrganisationFinance): string {
  const { year, organisation } = finance;
  const heading = `${organisation.name} (${organisation.code}): finance ${year.year.label}\n`;
  const latest = year.latest;
  if (latest === null) return `${heading}No finance return for ${year.year.label} is stored for this CCG.\n`;
  const beyond = finance.threshold.enabled && latest.shortfallPercentOfAllocation >= finance.threshold.percentOfAllocation;
  const summary = [
    `Latest return ${monthLabel(latest.month)}: allocation ${thousands(latest.allocation)}, control total ${thousands(latest.controlTotal)}, forecast outturn ${thousands(latest.forecastOutturn)},`,
    `forecast surplus ${thousands(latest.forecastSurplus)}, shortfall ${thousands(latest.forecastShortfall, true)} (${percent(latest.shortfallPercentOfAllocation)} of allocation): ${standing(latest, beyond)}.`,
    `Year to date: ${thousands(latest.yearToDateActual)} spent against a plan of ${thousands(latest.yearToDatePlan)}, ${thousands(latest.yearToDateVariance, true)} (${percent(latest.yearToDateVariancePercent)}).`,
    ...(year.missingMonths.length === 0 ? [] : [`No return for ${year.missingMonths.map(monthLabel).join(', ')}: left out of the year to date.`]),
  ].join('\n');
  const table = formatTextTable(
    ['MONTH', 'PLAN', 'ACTUAL', 'PLAN TO DATE', 'ACTUAL TO DATE', 'VARIANCE', 'OF PLAN', 'FORECAST OUTTURN', 'CONTROL TOTAL', 'SHORTFALL', 'OF ALLOCATION', 'FROM'],
    year.months
      .filter((month) => month.month <= latest.month)
      .map((month) => {
        const figures = month.figures;
        if (figures === null) return [month.month.slice(0, 7), 'no return', '', '', '', '', '', '', '', '', '', ''];
        return [
          month.month.slice(0, 7),
          thousands(figures.plan),
          thousands(figures.actual),
          thousands(figures.yearToDatePlan),
          thousands(figures.yearToDateActual),
          thousands(figures.yearToDateVariance, true),
          percent(figures.yearToDateVariancePercent),
          thousands(figures.forecastOutturn),
          thousands(figures.controlTotal),
          thousands(figures.forecastShortfall, true),
          percent(figures.shortfallPercentOfAllocation),
          month.source?.fileName ?? '',
        ];
      }),
  );
  return `${heading}${summary}\n${thresholdText(finance.threshold)}\n${table}`;
}

async function showFinance(db: Kysely<DB>, actor: Actor, code: string | undefined, options: { year?: string; region?: string; format: OutputFormat }): Promise<string> {
  if (code !== undefined) {
    const finance = await organisationFinance(db, actor, code, options.year);
    return options.format === 'json' ? json(finance) : formatOrganisation(finance);
  }
  const list = options.region === undefined ? await nationalFinance(db, actor) : await regionFinance(db, actor, options.region);
  return options.format === 'json' ? json(list) : formatList(list);
}

/** `assure oversight finance …`: CCGs' monthly finance returns, as on the /oversight/finance pages. */
export function registerOversightFinanceCommands(oversight: Command): void {
  const finance = oversight.command('finance').description('CCGs’ monthly finance returns: import them, show a CCG’s year or the CCGs furthest from plan');

  finance
    .command('import')
    .description('import a finance returns file (CSV or .xlsx; one row per CCG and month in £ thousands); all or nothing, every problem by row and column')
    .argument('<file>', 'the .csv or .xlsx file')
    .option('--reason <text>', 'why stored returns whose figures change are replaced by this file (required to replace one)')
    .option('--dry-run', 'check and report, writing nothing')
    .action(async (file: string, options: { reason?: string; dryRun?: boolean }, command: Command) => {
      const fileName = path.basename(file);
      await fs.promises.access(file, fs.constants.R_OK);
      const outcome = await withDatabase(command, (db, actor) =>
        importFinanceReturns(db, actor, {
          file: { fileName, format: fileName.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv', read: () => fs.createReadStream(file) },
          reason: options.reason,
          dryRun: options.dryRun === true,
        }),
      );
      process.stdout.write(describeImport(fileName, outcome));
    });

  finance
    .command('show')
    .description('a CCG’s assurance year month by month; without a code, the CCGs you see with their latest return, furthest from plan first')
    .argument('[code]', 'the CCG’s code')
    .option('--year <year>', 'the assurance year, e.g. 2016-17 (default: the newest with a return)', yearArgument)
    .option('--region <code>', 'without a CCG code: only the CCGs of this NHS England region (e.g. Y54)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (code: string | undefined, options: { year?: string; region?: string; format: OutputFormat }, command: Command) => {
      process.stdout.write(await withDatabase(command, (db, actor) => showFinance(db, actor, code, options)));
    });
}
