import { type Command, Option } from 'commander';
import { InputError } from '../../domain/csv/decode.ts';
import { compareTable, pheFunnelTables, quantileTable, spiegelhalterTables } from '../../domain/statistics/analyst-benchmarking.ts';
import { nonIndependentDsrTable } from '../../domain/statistics/analyst-dsr-non-independent.ts';
import { dsrTable, isrTable, meanTable, proportionTable, rateTable, referenceRates } from '../../domain/statistics/analyst-intervals.ts';
import { spcTables } from '../../domain/statistics/analyst-spc.ts';
import type { FunnelStatistic, RateType, RatioType } from '../../domain/statistics/funnel-phe.ts';
import type { SpiegelhalterDataType, StandardisedRatioMethod } from '../../domain/statistics/funnel-spiegelhalter.ts';
import type { Polarity } from '../../domain/statistics/polarity.ts';
import type { ImprovementDirection, SpcRuleSet } from '../../domain/statistics/spc.ts';
import { registerStatsLifeExpectancyCommand } from './stats-life-expectancy.ts';
import { registerStatsSiiCommand } from './stats-sii.ts';
import { type Common, confidenceOption, emit, type Format, formatOption, intervals, jsonValue, optionProblem, polarityOption, positiveNumber, readTable, render } from './stats-io.ts';

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
    .option('--non-independent', 'events are not independent (one person, several events): input adds event_frequency, and numerator is the persons with that many events')
    .option('--multiplier <n>', 'rate per n', positiveNumber('--multiplier'), 100_000)
    .addOption(confidenceOption())
    .addOption(formatOption())
    .action(async (file: string | undefined, options: Common & { standard: string; nonIndependent?: boolean }) => {
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
      const tableOf = options.nonIndependent === true ? nonIndependentDsrTable : dsrTable;
      await emit(tableOf(table, source, { ...intervals(options), ...standard }), options.format);
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

  registerStatsSiiCommand(stats);
  registerStatsLifeExpectancyCommand(stats);
}
