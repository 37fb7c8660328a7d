import type { Command } from 'commander';
import { InputError } from '../../domain/csv/decode.ts';
import { generateDemoDataset } from '../../services/demo-data.ts';
import { withDatabase } from '../with-database.ts';

/** `assure demo generate`: a reproducible, labelled-synthetic year of data for the 209 CCGs. */
export function registerDemoCommands(program: Command): void {
  program
    .command('demo')
    .description('demonstration data')
    .command('generate')
    .description('generate a year of indicator values and judgements for the 2016 CCGs (real populations, peers and inequality indicator; the rest synthetic and labelled so)')
    .option('--seed <n>', 'random seed: the same seed gives the same data', (raw) => {
      const seed = Number(raw);
      if (!Number.isInteger(seed) || seed < 0) throw new InputError('options', [{ field: '--seed', message: `"${raw}" must be a whole number of 0 or more` }]);
      return seed;
    })
    .option('--dataset <code>', 'code of the new dataset (default: demo-<seed>)')
    .action(async (options: { seed?: number; dataset?: string }, command: Command) => {
      const summary = await withDatabase(command, (db, actor) =>
        generateDemoDataset(db, actor, { ...(options.seed === undefined ? {} : { seed: options.seed }), ...(options.dataset === undefined ? {} : { code: options.dataset }) }),
      );
      process.stdout.write(`Dataset ${summary.code}: ${summary.values} indicator values and ${summary.judgements} judgements for ${summary.organisations} CCGs.\n`);
    });
}
