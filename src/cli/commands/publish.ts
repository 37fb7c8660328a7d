import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { buildApp } from '../../http/app.ts';
import { anonymousSiteFetcher } from '../../http/site-fetcher.ts';
import { type ExportOutcome, type ExportProgress, exportPublishedRound } from '../../services/publish-export/export-round.ts';
import { withDatabase } from '../with-database.ts';

/** Resources fetched, then files written, on stderr and on a terminal only (cli-progress prints nothing otherwise). */
function progressBar(): { update: (progress: ExportProgress) => void; stop: () => void } {
  const bar = new cliProgress.SingleBar({ format: '{stage} {bar} {value}/{total}', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic);
  let stage: ExportProgress['stage'] | undefined;
  let running = false;
  return {
    update: (progress) => {
      const total = progress.stage === 'fetching' ? progress.known : progress.total;
      const label = progress.stage === 'fetching' ? 'Fetching pages' : 'Writing files ';
      if (progress.stage !== stage) {
        if (running) bar.stop();
        bar.start(total, 0, { stage: label });
        stage = progress.stage;
        running = true;
      }
      bar.setTotal(total);
      bar.update(progress.done, { stage: label });
    },
    stop: () => {
      if (running) bar.stop();
      running = false;
    },
  };
}

function describeOutcome(outcome: ExportOutcome): string {
  const megabytes = (outcome.bytes / 1_000_000).toLocaleString('en-GB', { maximumFractionDigits: 1 });
  return [
    `Exported “${outcome.title}” (round ${outcome.roundId}): ${outcome.files.toLocaleString('en-GB')} files, ${megabytes} MB, in ${outcome.folder}`,
    `SHA-256 of the export: ${outcome.digest}`,
    'Serve the folder with any static web server; its index.html opens the round.',
    '',
  ].join('\n');
}

export function registerPublishCommands(program: Command): void {
  const publish = program.command('publish').description('the public site of published rounds, outside Assure');

  publish
    .command('export')
    .description('write the public site of a published round (pages, downloads, styles, images) as static files any web server or CDN can serve')
    .argument('<round>', 'the id of a published round')
    .requiredOption('--out <folder>', 'the folder to write: new or empty; appears only once the export is complete')
    .option('--force', 'replace the contents of a folder that is not empty')
    .action(async (roundId: string, options: { out: string; force?: boolean }, command: Command) => {
      const progress = progressBar();
      try {
        const outcome = await withDatabase(command, async (db, actor) => {
          // One instant for the embargo check and for every page rendered, so the export is of one moment.
          const now = new Date();
          const app = await buildApp({ db, logger: false, clock: () => now });
          try {
            return await exportPublishedRound(db, actor, { roundId, folder: options.out, replace: options.force === true, now, fetchResource: anonymousSiteFetcher(app), onProgress: progress.update });
          } finally {
            await app.close();
          }
        });
        progress.stop();
        process.stdout.write(describeOutcome(outcome));
      } finally {
        progress.stop();
      }
    });
}
