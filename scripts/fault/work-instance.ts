// One instance of one kind of work for the fault script (kill-instances.ts) on the database named on its
// command line, through Assure's services: rating runs, rating rounds, special-measures cases, texts on the
// public register, or exports of a published round. With `until-killed` it works until the fault script
// kills it with SIGKILL; with `finish` it takes on what killed instances left half-done and exits 0.
// Nothing here cleans up after a kill.
import { openDatabase } from '../../src/db/connect.ts';
import { runCases } from './cases.ts';
import { rateRepeatedly } from './rating-runs.ts';
import { publishTexts, REGISTER_CCG } from './register-texts.ts';
import { exportRepeatedly } from './round-exports.ts';
import { runRounds } from './rounds.ts';
import { isWorkKind, WORK_KINDS } from './work-kinds.ts';

const [kind, databaseUrl, until, exportsFolder] = process.argv.slice(2);
if (!isWorkKind(kind) || databaseUrl === undefined || (until !== 'until-killed' && until !== 'finish') || exportsFolder === undefined) {
  throw new Error(`usage: work-instance.ts ${WORK_KINDS.join('|')} DATABASE_URL until-killed|finish EXPORTS_FOLDER`);
}
const untilKilled = until === 'until-killed';
const database = await openDatabase({ databaseUrl, dataDir: '', command: 'fault script instance' });
process.stdout.write('ready\n');
const work: Readonly<Record<typeof kind, () => Promise<void>>> = {
  rating: () => rateRepeatedly(database.db, untilKilled),
  round: () => runRounds(database.db, untilKilled),
  case: () => runCases(database.db, REGISTER_CCG, untilKilled),
  register: () => publishTexts(database.db, untilKilled),
  export: () => exportRepeatedly(database.db, exportsFolder, untilKilled),
};
await work[kind]();
await database.close();
