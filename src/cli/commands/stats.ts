import fs from 'node:fs/promises';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { type CsvTable, InputError, readCsv } from '../../domain/csv/decode.ts';
import { compareTable, pheFunnelTables, quantileTable, spiegelhalterTables } from '../../domain/statistics/analyst-benchmarking.ts';
import { dsrTable, type IntervalOptions, isrTable, meanTable, proportionTable, rateTable, referenceRates } from '../../domain/statistics/analyst-intervals.ts';
import { spcTables } from '../../domain/statistics/analyst-spc.ts';
import { normaliseConfidence } from '../../domain/statistics/confidence.ts';
import type { OutputTable } from '../../domain/statistics/csv-columns.ts';
import type { FunnelStatistic, RateType, RatioType } from '../../domain/statistics/funnel-phe.ts';
import type { SpiegelhalterDataType, StandardisedRatioMethod } from '../../domain/statistics/funnel-spiegelhalter.ts';
import type { Polarity } from '../../domain/statistics/polarity.ts';
import type { ImprovementDirection, SpcRuleSet } from '../../domain/statistics/spc.ts';

type Format = 'csv' | 'json';

async function readTable(file: string | undefined): Promise<{ table: CsvTable; source: string }> {
  const source = file === undefined ? 'stdin' : path.basename(file);
  const bytes = file === undefined ? await readStdin() : await fs.readFile(file);
  const table = readCsv(bytes);
  if ('problems' in table) throw new InputError(source, table.problems);
  return { table, source };
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) return '';
  return String(value);
}

function jsonValue(value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

function render(output: OutputTable, format: Format): string {
  if (format === 'json') {
    return `${JSON.stringify(
      output.rows.map((row) => Object.fromEntries(output.columns.map((column) => [column, jsonValue(row[column] ?? null)]))),
      null,
      2,
    )}\n`;
  }
  return stringify([output.columns, ...output.rows.map((row) => output.columns.map((column) => cell(row[column])))]);
}

function optionProblem(option: string, message: string): InputError {
  return new InputError('options', [{ field: option, message }]);
}

function positiveNumber(option: string) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw optionProblem(option, `"${raw}" must be a positive number`);
    return value;
  };
}

function confidenceLevels(raw: string): number[] {
  return raw.split(',').map((part) => {
    const level = normaliseConfidence(Number(part));
    if (level === null || level > 0.999) throw optionProblem('--confidence', `"${part}" must be between 0.90 and 0.999 (or 90 and 99.9)`);
    return level;
  });
}

const polarityOption = (): Option =>
  new Option('--polarity <polarity>', 'which direction is good').choices(['high-is-good', 'low-is-good', 'no-judgement']).default('high-is-good');
const confidenceOption = (): Option => new Option('--confidence <levels>', 'confidence levels, comma separated').default([0.95, 0.998], '0.95,0.998').argParser(confidenceLevels);
const formatOption = (): Option => new Option('--format <format>', 'output format').choices(['csv', 'json']).default('csv');

interface Common {
  format: Format;
  confidence: number[];
  multiplier?: number;
}

function intervals(options: Common): IntervalOptions {
  return { confidenceLevels: options.confidence, ...(options.multiplier === undefined ? {} : { multiplier: options.multiplier }) };
}

/** Runs the method, then writes side files and stdout only once everything has been computed. */
async function emit(output: OutputTable, format: Format, sideFiles: readonly { file: string; content: string }[] = []): Promise<void> {
  const text = render(output, format);
  for (const side of sideFiles) await fs.writeFile(side.file, side.content);
  process.stdout.write(text);
}

/** `assure stats METHOD [options] [FILE]`: PHEindicatormethods-style statistics on CSV for analysts. */
export function registerStatsCommand(program: Command): void {
  const stats = program
    .command('stats')
    .description('confidence intervals, benchmarking, funnel plots and SPC on CSV (FILE or stdin); writes CSV or JSON to stdout');

  stats
    .command('proportion')
    .description('Wilson score intervals; input area,numerator,denominator')
    .argument('[file]')
    .addOption(new Option('--multiplier <n>', '1 (proportion) or 100 (percentage)').choices(['1', '100']).default('1'))
    .addOption(confidenceOption())
    .addOption(formatOption())
    .action(async (file: string | undefined, options: Common & { multiplier: string }) => {
      const { table, source } = await readTable(file);
      await emit(proportionTable(table, source, { ...intervals({ ...options, multiplier: Number(options.multiplier) }) }), options.format);
    });

  stats
    .command('rate')
    .description('crude rates: exact Poisson below 10 events, Byar from 10; input area,numerator,denominator')
    .argument('[file]')
    .option('--multiplier <n>', 'rate per n', positiveNumber('--multiplier'), 100_000)
    .addOption(confidenceOption())
    .addOption(formatOption())
    .action(async (file: string | undefined, options: Common) => {
      const { table, source } = await readTable(file);
      await emit(rateTable(table, source, intervals(options)), options.format);
    });

  stats
    .command('dsr')
    .description('directly standardised rates (Dobson); input area,ageband,numerator,denominator[,standard_population]')
    .argument('[file]')
    .option('--standard <esp2013|file>', 'standard population: esp2013 or a CSV with ageband,standard_population', 'esp2013')
    .option('--multiplier <n>', 'rate per n', positiveNumber('--multiplier'), 100_000)
    .addOption(confidenceOption())
    .addOption(formatOption())
    .action(async (file: string | undefined, options: Common & { standard: string }) => {
      const { table, source } = await readTable(file);
      let standard: { standard: number[] | null; standardLabels: string[] | null } = { standard: null, standardLabels: null };
      if (options.standard !== 'esp2013') {
        const read = await readTable(options.standard);
        const problems = read.table.columns.includes('standard_population') && read.table.columns.includes('ageband') ? [] : [{ message: 'needs columns ageband,standard_population' }];
        if (problems.length > 0) throw new InputError(read.source, problems);
        standard = {
          standard: read.table.rows.map((row) => Number(row.values['standard_population'])),
          standardLabels: read.table.rows.map((row) => row.values['ageband'] ?? ''),
        };
      }
      await emit(dsrTable(table, source, { ...intervals(options), ...standard }), options.format);
    });

  for (const kind of ['isr', 'isratio'] as const) {
    stats
      .command(kind)
      .description(`indirectly standardised ${kind === 'isr' ? 'rate' : 'ratio'}; input area,ageband,numerator,denominator`)
      .argument('[file]')
      .requiredOption('--reference <file>', 'CSV with ageband,ref_numerator,ref_denominator')
      .addOption(new Option('--refvalue <n>', 'ratio scale: 1 or 100 (SMR)').choices(['1', '100']).default('1'))
      .option('--multiplier <n>', 'rate per n (isr)', positiveNumber('--multiplier'), 100_000)
      .addOption(confidenceOption())
      .addOption(formatOption())
      .action(async (file: string | undefined, options: Common & { reference: string; refvalue: string }) => {
        const { table, source } = await readTable(file);
        const reference = await readTable(options.reference);
        const rates = referenceRates(reference.table, reference.source);
        await emit(isrTable(table, source, rates, { ...intervals(options), kind, refValue: Number(options.refvalue) }), options.format);
      });
  }

  stats
    .command('mean')
    .description("means with Student's t limits; input area,value")
    .argument('[file]')
    .addOption(confidenceOption())
    .addOption(formatOption())
    .action(async (file: string | undefined, options: Common) => {
      const { table, source } = await readTable(file);
      await emit(meanTable(table, source, intervals(options)), options.format);
    });

  stats
    .command('quantile')
    .description('quantile bands as PHEindicatormethods (band 1 = best); input area,value')
    .argument('[file]')
    .option('--quantiles <n>', 'number of bands', (raw) => {
      const value = Number(raw);
      if (!Number.isInteger(value) || value < 2) throw optionProblem('--quantiles', `"${raw}" must be a whole number of at least 2`);
      return value;
    }, 5)
    .addOption(polarityOption())
    .option('--group <columns>', 'comma-separated columns to band within', (raw) => raw.split(',').map((column) => column.trim().toLowerCase()), [])
    .addOption(formatOption())
    .action(async (file: string | undefined, options: { quantiles: number; polarity: Polarity; group: string[]; format: Format }) => {
      const { table, source } = await readTable(file);
      await emit(quantileTable(table, source, { quantiles: options.quantiles, polarity: options.polarity, groupBy: options.group }), options.format);
    });

  stats
    .command('compare')
    .description("Fingertips comparison with a reference value; input the interval methods' output")
    .argument('[file]')
    .requiredOption('--reference <n>', 'reference value (England, peer mean, standard)', (raw) => {
      const value = Number(raw);
      if (!Number.isFinite(value)) throw optionProblem('--reference', `"${raw}" is not a number`);
      return value;
    })
    .addOption(polarityOption())
    .addOption(formatOption())
    .action(async (file: string | undefined, options: { reference: number; polarity: Polarity; format: Format }) => {
      const { table, source } = await readTable(file);
      await emit(compareTable(table, source, options), options.format);
    });

  stats
    .command('funnel')
    .description('funnel plots: PHEindicatormethods (phe) or Spiegelhalter as FunnelPlotR (spiegelhalter)')
    .argument('[file]')
    .addOption(new Option('--method <method>').choices(['phe', 'spiegelhalter']).makeOptionMandatory())
    .addOption(new Option('--statistic <statistic>', 'phe').choices(['proportion', 'ratio', 'rate']).default('proportion'))
    .addOption(new Option('--rate-type <type>', 'phe rates').choices(['dsr', 'crude']).default('crude'))
    .addOption(new Option('--ratio-type <type>', 'phe ratio limits table').choices(['count', 'isr']).default('isr'))
    .option('--multiplier <n>', 'scale of the value and limits', positiveNumber('--multiplier'))
    .option('--years-of-data <n>', 'phe rates: years the data covers', positiveNumber('--years-of-data'), 1)
    .option('--limits-table <file>', 'phe: also write the funnel curves as CSV')
    .addOption(new Option('--data-type <type>', 'spiegelhalter').choices(['SR', 'PR', 'RC']).default('SR'))
    .addOption(new Option('--sr-method <method>', 'spiegelhalter SR').choices(['SHMI', 'CQC']).default('SHMI'))
    .option('--overdispersion', 'spiegelhalter: adjust for overdispersion (default)')
    .option('--no-overdispersion', 'spiegelhalter: unadjusted limits')
    .option('--trim <fraction>', 'spiegelhalter: fraction trimmed at each end', (raw) => {
      const value = Number(raw);
      if (!(value > 0 && value < 0.5)) throw optionProblem('--trim', `"${raw}" must be between 0 and 0.5`);
      return value;
    }, 0.1)
    .option('--summary <file>', 'spiegelhalter: write {phi, tau2, target, overdispersion_applied} as JSON')
    .addOption(formatOption())
    .action(
      async (
        file: string | undefined,
        options: {
          method: 'phe' | 'spiegelhalter';
          statistic: FunnelStatistic;
          rateType: RateType;
          ratioType: RatioType;
          multiplier?: number;
          yearsOfData: number;
          limitsTable?: string;
          dataType: SpiegelhalterDataType;
          srMethod: StandardisedRatioMethod;
          overdispersion: boolean;
          trim: number;
          summary?: string;
          format: Format;
        },
      ) => {
        const { table, source } = await readTable(file);
        if (options.method === 'phe') {
          const defaultMultiplier = options.statistic === 'rate' ? 100_000 : options.statistic === 'proportion' ? 100 : 1;
          const { areas, limits } = pheFunnelTables(table, source, {
            statistic: options.statistic,
            multiplier: options.multiplier ?? defaultMultiplier,
            rateType: options.rateType,
            ratioType: options.ratioType,
            yearsOfData: options.yearsOfData,
          });
          const limitColumns = Object.keys(limits[0] ?? {});
          const sideFiles = options.limitsTable === undefined ? [] : [{ file: options.limitsTable, content: render({ columns: limitColumns, rows: limits }, 'csv') }];
          await emit(areas, options.format, sideFiles);
          return;
        }
        const { units, summary } = spiegelhalterTables(table, source, {
          dataType: options.dataType,
          srMethod: options.srMethod,
          overdispersion: options.overdispersion,
          trim: options.trim,
          multiplier: options.multiplier ?? 1,
        });
        await emit(units, options.format, options.summary === undefined ? [] : [{ file: options.summary, content: `${JSON.stringify(summary, null, 2)}\n` }]);
      },
    );

  stats
    .command('spc')
    .description('XmR charts with the Making Data Count rules; input series,period,value[,target][,rebase]')
    .argument('[file]')
    .addOption(new Option('--improvement <direction>').choices(['increase', 'decrease', 'neutral']).default('increase'))
    .addOption(new Option('--rules <variant>', 'mdc (2023 clarification) or ptd (NHSRplotthedots 0.2.2)').choices(['mdc', 'ptd']).default('mdc'))
    .addOption(new Option('--run-length <n>', 'points in a shift or trend').choices(['6', '7']).default('7'))
    .option('--screen-outliers', 'drop moving ranges ≥ 3.267 × mean before the limits (default)')
    .option('--no-screen-outliers', 'keep every moving range (as the MDC Excel tool)')
    .option('--target <n>', 'target for the assurance icon (a target column overrides it)', (raw) => {
      const value = Number(raw);
      if (!Number.isFinite(value)) throw optionProblem('--target', `"${raw}" is not a number`);
      return value;
    })
    .option('--summary <file>', 'write per-series variation, assurance and warnings as JSON')
    .addOption(formatOption())
    .action(
      async (
        file: string | undefined,
        options: { improvement: ImprovementDirection; rules: SpcRuleSet; runLength: string; screenOutliers: boolean; target?: number; summary?: string; format: Format },
      ) => {
        const { table, source } = await readTable(file);
        const { points, summary } = spcTables(table, source, {
          improvement: options.improvement,
          rules: options.rules,
          runLength: options.runLength === '6' ? 6 : 7,
          screenOutliers: options.screenOutliers,
          ...(options.target === undefined ? {} : { target: options.target }),
        });
        const summaryText = `${JSON.stringify(summary.map((entry) => Object.fromEntries(Object.entries(entry).map(([key, value]) => [key, jsonValue(value)]))), null, 2)}\n`;
        await emit(points, options.format, options.summary === undefined ? [] : [{ file: options.summary, content: summaryText }]);
        for (const entry of summary) if (entry.warning !== null) process.stderr.write(`warning: series "${entry.series}": ${entry.warning}\n`);
      },
    );
}
