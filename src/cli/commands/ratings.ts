import fs from 'node:fs/promises';
import { type Command, Option } from 'commander';
import { InputError } from '../../domain/csv/decode.ts';
import { computeRatings, explainRating, getRatingRunOutput, rateWithUncertainty, simulateRatings } from '../../services/ratings.ts';
import { formatExplanation, formatSummary, formatWhatIf } from '../present-rating.ts';
import { formatTextTable } from '../text-table.ts';
import { withDatabase } from '../with-database.ts';

const DEFAULT_DATASET = 'demo-2016';
const formatOption = (): Option => new Option('--format <format>', 'output format').choices(['table', 'json']).default('table');

function numberOption(option: string, check: (value: number) => boolean, requirement: string) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!check(value)) throw new InputError('options', [{ field: option, message: `"${raw}" must be ${requirement}` }]);
    return value;
  };
}

/** `assure rate`, `assure explain`, `assure simulate` and `assure uncertainty`: the rating engine on stored data. */
export function registerRatingCommands(program: Command): void {
  program
    .command('rate')
    .description('rate every organisation on a dataset under a framework version and store the run with its explanations')
    .requiredOption('--framework <id>', 'framework version, e.g. ccg-af-2015-16@1')
    .option('--variant <variant>', "rule variant (default: the framework's default)")
    .option('--data <dataset>', 'dataset code', DEFAULT_DATASET)
    .option('--out <file>', "write the engine's output (JSON, byte-identical on re-runs) to this file")
    .addOption(formatOption())
    .action(async (options: { framework: string; variant?: string; data: string; out?: string; format: 'table' | 'json' }, command: Command) => {
      await withDatabase(command, async (db, actor) => {
        const { record, run } = await computeRatings(db, actor, { frameworkVersionId: options.framework, variant: options.variant, dataset: options.data });
        if (options.out !== undefined) await fs.writeFile(options.out, await getRatingRunOutput(db, actor, record.id));
        if (options.format === 'json') {
          process.stdout.write(`${JSON.stringify({ id: record.id, inputHash: record.inputHash, outputHash: record.outputHash, summary: run.summary }, null, 2)}\n`);
          return;
        }
        process.stdout.write(`Rating run ${record.id}: ${options.framework} ${run.variant} on ${options.data} (engine ${run.engineVersion})\n${formatSummary(run.summary)}`);
      });
    });

  program
    .command('explain')
    .description("explain one organisation's rating: each indicator, each domain and each rule that fired")
    .requiredOption('--org <code>', 'organisation code, e.g. 02N')
    .requiredOption('--rating <run>', 'rating run id (printed by assure rate)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (options: { org: string; rating: string; format: 'text' | 'json' }, command: Command) => {
      const { rating, framework } = await withDatabase(command, (db, actor) => explainRating(db, actor, options.rating, options.org));
      process.stdout.write(options.format === 'json' ? `${JSON.stringify(rating, null, 2)}\n` : formatExplanation(rating, framework));
    });

  program
    .command('simulate')
    .description('what-if: compare two rule variants (or framework versions) on the same data before anyone is rated')
    .requiredOption('--framework <id>', 'framework version of the baseline')
    .requiredOption('--baseline <variant>', 'baseline rule variant')
    .requiredOption('--candidate <variant>', 'candidate rule variant')
    .option('--candidate-framework <id>', 'framework version of the candidate (default: the baseline framework)')
    .option('--data <dataset>', 'dataset code', DEFAULT_DATASET)
    .addOption(formatOption())
    .action(
      async (
        options: { framework: string; baseline: string; candidate: string; candidateFramework?: string; data: string; format: 'table' | 'json' },
        command: Command,
      ) => {
        const result = await withDatabase(command, (db, actor) =>
          simulateRatings(db, actor, {
            frameworkVersionId: options.framework,
            baseline: options.baseline,
            candidate: options.candidate,
            candidateFrameworkVersionId: options.candidateFramework,
            dataset: options.data,
          }),
        );
        process.stdout.write(options.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : formatWhatIf(result));
      },
    );

  program
    .command('uncertainty')
    .description('how sure each rating is: the probability of each rating under sampling noise, and the fragile ones')
    .requiredOption('--framework <id>', 'framework version')
    .option('--variant <variant>', "rule variant (default: the framework's default)")
    .option('--data <dataset>', 'dataset code', DEFAULT_DATASET)
    .option('--draws <n>', 'resampling draws', numberOption('--draws', (value) => Number.isInteger(value) && value >= 10 && value <= 100_000, 'a whole number from 10 to 100000'), 1000)
    .option('--seed <n>', 'random seed', numberOption('--seed', Number.isInteger, 'a whole number'), 1)
    .option('--fragile-below <p>', 'fragile when the most likely rating is less likely than this', numberOption('--fragile-below', (value) => value > 0 && value < 1, 'between 0 and 1'), 0.6)
    .addOption(formatOption())
    .action(
      async (options: { framework: string; variant?: string; data: string; draws: number; seed: number; fragileBelow: number; format: 'table' | 'json' }, command: Command) => {
        const result = await withDatabase(command, (db, actor) =>
          rateWithUncertainty(db, actor, { frameworkVersionId: options.framework, variant: options.variant, dataset: options.data, draws: options.draws, seed: options.seed, fragileBelow: options.fragileBelow }),
        );
        if (options.format === 'json') return void process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        process.stdout.write(`${result.fragileCount} of ${result.organisations.length} ratings are fragile (most likely rating below ${options.fragileBelow} probability, ${options.draws} draws, seed ${options.seed}):\n`);
        process.stdout.write(
          formatTextTable(
            ['ORG', 'OBSERVED', 'MOST LIKELY', 'PROBABILITY', 'FRAGILE'],
            result.organisations.map((org) => [org.org, org.observed ?? 'not-rated', org.mostLikely, org.mostLikelyProbability.toFixed(3), org.fragile ? 'yes' : '']),
          ),
        );
      },
    );
}
