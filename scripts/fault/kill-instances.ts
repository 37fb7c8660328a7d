// The fault script (issue 15, "Crash at any point"): instances of Assure doing each of five kinds of work on
// one PostgreSQL database are killed with SIGKILL at random moments: background imports, rating runs, rating
// rounds (steps, regional proposals, moderation, sign-off, scheduled publication), special-measures case
// transitions and publication (register texts and static exports of a published round); at least 50 kills in
// all. After each kind's kills one instance takes on what was left half-done. Then every record must be wholly
// there or wholly absent, nothing duplicated, every action audited once, and the audit chain intact.
// Run: npm run fault -- [--import-kills 10] [--kills-per-kind 10] [--export-kills 2] [--files 8] [--rows 20000]
// [--seed 15] [--kinds import,rating,round,case,register,export]; DATABASE_URL names the server (a scratch database is made
// beside it and dropped). Prints its figures; exits 1 naming each check that failed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { withScratchPostgres } from '../../bench/scratch-postgres.ts';
import { linearCongruential } from '../../bench/synthetic.ts';
import { openDatabase } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { installDemoDataset } from '../../src/services/demo-data.ts';
import { installShippedFrameworks } from '../../src/services/frameworks.ts';
import { seedReferenceData } from '../../src/services/reference-data.ts';
import { verifyAuditTrail } from '../../src/services/verify-audit-trail.ts';
import type { CheckResult } from './audit-counts.ts';
import { checkCases } from './cases.ts';
import { faultReport, type KindReport } from './fault-report.ts';
import { addImportAnalyst, type ImportOutcome, importUnderKills } from './imports.ts';
import { checkRatingRuns } from './rating-runs.ts';
import { checkRegisterTexts, openRegisterCase } from './register-texts.ts';
import { checkRoundExports } from './round-exports.ts';
import { checkRounds, publishFaultRound } from './rounds.ts';
import { type KillPoint, runInstance } from './spawn-instance.ts';
import { isWorkKind, WORK_KINDS, type WorkKind } from './work-kinds.ts';

const { values: options } = parseArgs({
  options: {
    'import-kills': { type: 'string', default: '10' },
    'kills-per-kind': { type: 'string', default: '10' },
    'export-kills': { type: 'string', default: '2' },
    files: { type: 'string', default: '8' },
    rows: { type: 'string', default: '20000' },
    seed: { type: 'string', default: '15' },
    kinds: { type: 'string', default: ['import', ...WORK_KINDS].join(',') },
  },
});
const KINDS = options.kinds.split(',');
const unknown = KINDS.filter((kind) => kind !== 'import' && !isWorkKind(kind));
if (unknown.length > 0) throw new Error(`--kinds: ${unknown.join(', ')} unknown; the kinds are import, ${WORK_KINDS.join(', ')}`);
const KILLS: Readonly<Record<WorkKind, number>> = {
  rating: Number(options['kills-per-kind']),
  round: Number(options['kills-per-kind']),
  case: Number(options['kills-per-kind']),
  register: Number(options['kills-per-kind']),
  export: Number(options['export-kills']),
};
const WORKER = path.join(import.meta.dirname, 'work-instance.ts');

/**
 * When the nth instance of a kind is killed: at a random moment within about two of its units of work after
 * it is ready (a rating run; a round's ten transactions; a case's twelve; a register text's two), so kills land
 * at every point of one and between two. An export spends most of a minute fetching pages before it writes
 * anything, so its kills land while it writes its files, or (every other one) within moments of its folder
 * being renamed into place, while the export is audited.
 */
function killPoint(kind: WorkKind, nth: number, exportsFolder: string, random: () => number): KillPoint {
  if (kind === 'export') return nth % 2 === 0 ? { marker: 'writing', ms: random() % 1000 } : { folder: exportsFolder, ms: random() % 20 };
  const within: Readonly<Record<Exclude<WorkKind, 'export'>, number>> = { rating: 2500, round: 4000, case: 2500, register: 1500 };
  return { marker: 'ready', ms: random() % within[kind] };
}

const LABELS: Readonly<Record<string, string>> = {
  import: 'imports',
  rating: 'rating runs',
  round: 'rating rounds',
  case: 'case transitions',
  register: 'register texts',
  export: 'round exports',
};

/** Kills instances of one kind of work as many times as asked, then lets one finish what they left; returns the kills. */
async function killRepeatedly(kind: WorkKind, url: string, exportsFolder: string, random: () => number): Promise<number> {
  let kills = 0;
  while (kills < KILLS[kind]) {
    // An instance told to work until killed ends only by the kill.
    if (!(await runInstance(WORKER, [kind, url, 'until-killed', exportsFolder], killPoint(kind, kills, exportsFolder, random)))) throw new Error(`a ${kind} instance stopped before it was killed`);
    kills += 1;
    process.stderr.write(`\r${LABELS[kind] ?? kind} kills ${String(kills)}/${String(KILLS[kind])}`);
  }
  process.stderr.write('\n');
  await runInstance(WORKER, [kind, url, 'finish', exportsFolder], undefined);
  return kills;
}

await withScratchPostgres(process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test', 'assure_fault', async (url) => {
  const started = Date.now();
  const database = await openDatabase({ databaseUrl: url, dataDir: '', command: 'fault script' });
  const db = database.db;
  await migrateToLatest(db);
  await seedReferenceData(db);
  await installShippedFrameworks(db);
  await installDemoDataset(db);
  await addImportAnalyst(db);
  // The round the exports are of, and the case the register texts are on.
  await publishFaultRound(db);
  await openRegisterCase(db);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assure-fault-'));
  const exportsFolder = path.join(dir, 'exports');
  fs.mkdirSync(exportsFolder);
  const setupSeconds = (Date.now() - started) / 1000;

  const random = linearCongruential(Number(options.seed));
  const runs = new Map<string, { kills: number; seconds: number; imports?: ImportOutcome }>();
  for (const kind of KINDS) {
    const kindStarted = Date.now();
    if (isWorkKind(kind)) {
      const kills = await killRepeatedly(kind, url, exportsFolder, random);
      runs.set(kind, { kills, seconds: (Date.now() - kindStarted) / 1000 });
    } else {
      const imports = await importUnderKills(db, url, dir, { kills: Number(options['import-kills']), files: Number(options.files), rows: Number(options.rows) }, random);
      runs.set(kind, { kills: imports.kills, seconds: (Date.now() - kindStarted) / 1000, imports });
    }
  }

  // Every kind but imports is checked whether or not its instances ran: a rating run is stored by rounds too.
  const ratings = await checkRatingRuns(db);
  const rounds = await checkRounds(db);
  const cases = await checkCases(db);
  const texts = await checkRegisterTexts(db);
  const exports = await checkRoundExports(db, exportsFolder);
  const stored: Readonly<Record<WorkKind, { figures: string; checks: CheckResult[] }>> = {
    rating: { figures: `${String(ratings.runs)} runs stored (rounds' included)`, checks: ratings.checks },
    round: { figures: `${String(rounds.rounds)} rounds, ${String(rounds.steps)} steps`, checks: rounds.checks },
    case: { figures: `${String(cases.cases)} cases, ${String(cases.events)} events`, checks: cases.checks },
    register: { figures: `${String(texts.texts)} texts, ${String(texts.drafts)} still drafts`, checks: texts.checks },
    export: { figures: `${String(exports.exports)} exports, ${String(exports.staging)} hidden staging folders left by kills`, checks: exports.checks },
  };
  const verdict = await verifyAuditTrail(db);
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });

  const imports = runs.get('import');
  const reports: KindReport[] = [
    ...(imports?.imports === undefined ? [] : [{ label: LABELS['import'] ?? 'imports', kills: imports.kills, seconds: imports.seconds, figures: imports.imports.figures, checks: imports.imports.checks }]),
    ...WORK_KINDS.map((kind) => ({ label: LABELS[kind] ?? kind, kills: runs.get(kind)?.kills ?? 0, seconds: runs.get(kind)?.seconds ?? 0, ...stored[kind] })),
  ];
  const report = faultReport(reports, verdict, { total: (Date.now() - started) / 1000, setup: setupSeconds });
  process.stdout.write(report.text);
  if (!report.passed) process.exitCode = 1;
});
