import { type Command, Option } from 'commander';
import { siiTable } from '../../domain/statistics/analyst-sii.ts';
import type { SiiValueType } from '../../domain/statistics/sii.ts';
import { type Format, confidenceOption, emit, formatOption, optionProblem, readTable } from './stats-io.ts';

// The simulated limits cost reps × areas line fits: 10,000 reps keep a 209-area decile file to seconds, and the
// default seed makes two runs on the same file agree.
const DEFAULT_REPS = 10_000;
const DEFAULT_SEED = 1;

function wholeNumber(option: string, minimum: number, maximum: number) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < minimum || value > maximum) throw optionProblem(option, `"${raw}" must be a whole number from ${minimum} to ${maximum}`);
    return value;
  };
}

function nonZeroNumber(option: string) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!Number.isFinite(value) || value === 0) throw optionProblem(option, `"${raw}" must be a non-zero number`);
    return value;
  };
}

interface SiiCommandOptions {
  quantiles?: number;
  valueType: SiiValueType;
  transform: boolean;
  multiplier: number;
  reps: number;
  seed: number;
  rii: boolean;
  intercept: boolean;
  reliability: boolean;
  confidence: number[];
  format: Format;
}

/** `assure stats sii`: slope and relative index of inequality as PHEindicatormethods' phe_sii. */
export function registerStatsSiiCommand(stats: Command): void {
  stats
    .command('sii')
    .description('slope (and relative) index of inequality as phe_sii; input area,quantile,population,value and se or 95% limits lowercl,uppercl')
    .argument('[file]')
    .option('--quantiles <n>', 'quantiles each area must have, 5 to 100 (default: the distinct quantiles in the file)', wholeNumber('--quantiles', 5, 100))
    .addOption(new Option('--value-type <type>', 'rate and proportion read se on the log/logit scale').choices(['other', 'rate', 'proportion']).default('other'))
    .option('--transform', 'fit on the log (rate) or logit (proportion) scale; needs lowercl,uppercl', false)
    .option('--multiplier <n>', 'scales the SII; a negative one also inverts the RII', nonZeroNumber('--multiplier'), 1)
    .option('--reps <n>', `simulated repetitions (phe_sii uses 100000; default ${DEFAULT_REPS} to stay quick)`, wholeNumber('--reps', 1000, 10_000_000), DEFAULT_REPS)
    .option('--seed <n>', 'seed of the simulation; the output records it', wholeNumber('--seed', 0, 0xffff_ffff), DEFAULT_SEED)
    .option('--rii', 'also the relative index of inequality', false)
    .option('--intercept', 'also the fitted value at rank 0', false)
    .option('--reliability', "phe_sii's reliability_stat: ten sets of reps, MAD of the limits", false)
    .addOption(confidenceOption())
    .addOption(formatOption())
    .action(async (file: string | undefined, options: SiiCommandOptions) => {
      if (options.transform && options.valueType === 'other') throw optionProblem('--transform', 'needs --value-type rate or proportion');
      const { table, source } = await readTable(file);
      const output = siiTable(table, source, {
        ...(options.quantiles === undefined ? {} : { quantiles: options.quantiles }),
        valueType: options.valueType,
        transform: options.transform,
        multiplier: options.multiplier,
        reps: options.reps,
        seed: options.seed,
        rii: options.rii,
        intercept: options.intercept,
        reliability: options.reliability,
        confidence: options.confidence,
      });
      await emit(output, options.format);
    });
}
