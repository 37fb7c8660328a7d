import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { exportDigest } from '../../src/domain/static-export/export-digest.ts';
import { buildApp } from '../../src/http/app.ts';
import { anonymousSiteFetcher } from '../../src/http/site-fetcher.ts';
import { exportPublishedRound } from '../../src/services/publish-export/export-round.ts';
import { EXPORT_MARKER } from '../../src/services/publish-export/output-folder.ts';
import { getRounds } from '../../src/services/rounds.ts';
import { FAULT_ANALYST } from './actors.ts';
import { type CheckResult, checkResult } from './audit-counts.ts';
import { FAULT_ROUND_TITLE } from './rounds.ts';

// The public site of a published round exported as static files, for the fault script: the export is
// fetched, written to a hidden folder, then renamed into place and audited in one transaction under a lock; an
// export a killed instance placed but never recorded is removed by the next export beside it. An instance
// exports again and again, printing "writing" when it starts writing files. Afterwards every export folder must be whole (its files and digest as audited) and
// audited once, and every audited export there.

const EXPORTED_ROUND_TITLE = `${FAULT_ROUND_TITLE} 1`;

async function exportedRoundId(db: Kysely<DB>): Promise<string> {
  const round = (await getRounds(db, FAULT_ANALYST)).find((candidate) => candidate.record.title === EXPORTED_ROUND_TITLE && candidate.stage === 'published');
  if (round === undefined) throw new Error(`no published round “${EXPORTED_ROUND_TITLE}”`);
  return round.record.id;
}

const visibleEntries = (folder: string): string[] => fs.readdirSync(folder).filter((name) => !name.startsWith('.'));

/** Until killed, exports one after another into `exportsFolder`; to finish, one export. */
export async function exportRepeatedly(db: Kysely<DB>, exportsFolder: string, untilKilled: boolean): Promise<void> {
  const roundId = await exportedRoundId(db);
  // One instant for the embargo check and every page, as `assure publish export` has.
  const now = new Date();
  const app = await buildApp({ db, logger: false, clock: () => now });
  do {
    const folder = path.join(exportsFolder, `export-${String(visibleEntries(exportsFolder).length + 1)}`);
    await exportPublishedRound(db, FAULT_ANALYST, {
      roundId,
      folder,
      replace: false,
      now,
      fetchResource: anonymousSiteFetcher(app),
      onProgress: (progress) => {
        if (progress.stage === 'writing' && progress.done === 1) process.stdout.write('writing\n');
      },
    });
  } while (untilKilled);
  await app.close();
}

function filesIn(folder: string): { path: string; body: Uint8Array }[] {
  return fs
    .readdirSync(folder, { recursive: true, withFileTypes: true })
    // The marker says where the export was written and is none of its files.
    .filter((entry) => entry.isFile() && !(entry.name === EXPORT_MARKER && entry.parentPath === folder))
    .map((entry) => {
      const file = path.join(entry.parentPath, entry.name);
      return { path: path.relative(folder, file).split(path.sep).join('/'), body: fs.readFileSync(file) };
    });
}

interface ExportAudit {
  readonly folder: string;
  readonly files: number;
  readonly digest: string;
}

export async function checkRoundExports(db: Kysely<DB>, exportsFolder: string): Promise<{ exports: number; staging: number; checks: CheckResult[] }> {
  const audited = (await db.selectFrom('audit_event').select('after').where('action', '=', 'publish.export').execute()).map((row) => row.after as ExportAudit);
  const whole: string[] = [];
  const folders = visibleEntries(exportsFolder).map((name) => path.join(exportsFolder, name));
  for (const folder of folders) {
    const events = audited.filter((event) => event.folder === folder);
    if (events.length !== 1) whole.push(`${folder} is there with ${String(events.length)} publish.export audit events, not 1`);
    const event = events[0];
    if (event === undefined) continue;
    const files = filesIn(folder);
    if (files.length !== event.files || exportDigest(files) !== event.digest) whole.push(`${folder}: ${String(files.length)} files, not the ${String(event.files)} audited, or not their digest`);
  }
  for (const event of audited) if (!folders.includes(event.folder)) whole.push(`${event.folder}: audited as exported, but not there`);
  return {
    exports: folders.length,
    staging: fs.readdirSync(exportsFolder).filter((name) => name.startsWith('.')).length,
    checks: [checkResult('every export folder whole (its files and digest as audited) and audited once; every audited export there', whole)],
  };
}
