import fs from 'node:fs';
import path from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { ImportBatchRecord } from '../../db/repositories/import-batches.ts';
import { DATA_COLUMNS } from '../../domain/indicator-import/format.ts';
import { progressFigures } from '../../domain/indicator-import/progress-figures.ts';
import { type ImportOutcome, type ImportProgress, importIndicatorData, listImports } from '../../services/import-indicator-data.ts';
import { formatTextTable } from '../text-table.ts';
import { withDatabase } from '../with-database.ts';

interface ImportOptions {
  dataset: string;
  framework?: string;
  title?: string;
  asOf?: string;
  reason?: string;
  dryRun?: boolean;
}

/** Rows, rows per second and time left on stderr, on a terminal only (cli-progress prints nothing otherwise). */
function progressBar(): { update: (progress: ImportProgress) => void; stop: () => void } {
  const bar = new cliProgress.SingleBar(
    { format: '{bar} {percentage}% | {rows} rows | {rate} rows/s | {eta_formatted} left', stream: process.stderr, hideCursor: true, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  let begun = false;
  return {
    update: (progress) => {
      if (!begun) bar.start(progress.totalBytes, 0, { rows: 0, rate: 0 });
      begun = true;
      const { rowsPerSecond } = progressFigures(progress, Date.now() - started);
      bar.update(progress.bytesRead, { rows: progress.rowsValidated.toLocaleString('en-GB'), rate: Math.round(rowsPerSecond ?? 0).toLocaleString('en-GB') });
    },
    stop: () => {
      if (begun) bar.stop();
    },
  };
}

function describeOutcome(fileName: string, dataset: string, outcome: ImportOutcome): string {
  switch (outcome.kind) {
    case 'dry-run':
      return `${fileName}: valid; ${outcome.rows} rows would be imported into ${dataset}${outcome.wouldReplace > 0 ? `, replacing ${outcome.wouldReplace} stored values` : ''} (dry run: nothing written).\n`;
    case 'unchanged':
      return `${fileName}: already imported into ${dataset} as batch ${outcome.batch.id} on ${outcome.batch.importedAt.toISOString()} by ${outcome.batch.importedBy}; nothing changed.\n`;
    case 'imported':
      return `${fileName}: ${outcome.batch.rowCount} rows imported into ${dataset} as batch ${outcome.batch.id}${outcome.batch.replacedCount > 0 ? `, replacing ${outcome.batch.replacedCount} stored values` : ''}.\n`;
  }
}

function formatBatches(batches: readonly ImportBatchRecord[]): string {
  return formatTextTable(
    ['BATCH', 'DATASET', 'FILE', 'ROWS', 'REPLACED', 'IMPORTED', 'BY'],
    batches.map((batch) => [batch.id, batch.dataset, batch.fileName, String(batch.rowCount), String(batch.replacedCount), batch.importedAt.toISOString(), batch.importedBy]),
  );
}

/** `assure data import` and `assure data imports`: indicator data files in, with their provenance. */
export function registerDataCommands(program: Command): void {
  const data = program.command('data').description('indicator data');

  data
    .command('import')
    .description(`import indicator values from a CSV (UTF-8) or Excel .xlsx file with columns ${DATA_COLUMNS.join(', ')}; all or nothing, every problem listed by row and column`)
    .argument('<file>', 'the .csv or .xlsx file')
    .requiredOption('--dataset <code>', 'the dataset to import into (created if new: give --as-of)')
    .option('--framework <id>', 'check indicator codes, units and periods against this framework version (e.g. ccg-af-2015-16@1)')
    .option('--title <title>', 'title of a new dataset (default: its code)')
    .option('--as-of <date>', 'as-of date (YYYY-MM-DD) of a new dataset: no period may start after it')
    .option('--reason <text>', 'why values already stored are replaced by this file (required to replace any)')
    .option('--dry-run', 'validate and report, writing nothing')
    .action(async (file: string, options: ImportOptions, command: Command) => {
      const fileName = path.basename(file);
      await fs.promises.access(file, fs.constants.R_OK);
      const progress = progressBar();
      try {
        const outcome = await withDatabase(command, (db, actor) =>
          importIndicatorData(db, {
            actor,
            file: { fileName, format: fileName.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv', read: () => fs.createReadStream(file, { highWaterMark: 1024 * 1024 }) },
            dataset: options.dataset,
            newDataset: { title: options.title, asOf: options.asOf },
            frameworkVersionId: options.framework,
            reason: options.reason,
            dryRun: options.dryRun === true,
            onProgress: progress.update,
          }),
        );
        progress.stop();
        process.stdout.write(describeOutcome(fileName, options.dataset, outcome));
      } finally {
        progress.stop();
      }
    });

  data
    .command('imports')
    .description('list import batches, newest first, with their file, hash, importer and time')
    .action(async (_options: unknown, command: Command) => {
      const batches = await withDatabase(command, (db, actor) => listImports(db, actor));
      process.stdout.write(formatBatches(batches));
    });
}
