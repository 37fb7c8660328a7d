import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDatabase } from '../../src/db/connect.ts';
import { actorForAccount } from '../../src/services/identity/account-actor.ts';
import { takeRoundStep } from '../../src/services/rounds.ts';
import { createScratchPostgres, type ScratchPostgres, testEngines } from '../support/databases.ts';
import { runCliInProcess } from '../support/run-cli.ts';

const ID = /[0-9a-f-]{36}/;

for (const engine of testEngines()) {
  describe(`assure rounds on ${engine}`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assure-rounds-cli-'));
    // Outside production the first command installs the demo data the round is rated on.
    const env: Record<string, string> = { ASSURE_DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '', NODE_ENV: 'test' };
    let scratch: ScratchPostgres | undefined;
    const as = (who: string) => ({ ...env, ASSURE_AS: `${who}@test.assure.example` });
    let roundId = '';

    before(async () => {
      if (engine === 'postgres') {
        scratch = await createScratchPostgres();
        env['DATABASE_URL'] = scratch.url;
      }
      const accounts: [string, string, string?][] = [
        ['analyst', 'national-analyst'],
        ['committee', 'committee-member'],
        ['north', 'regional-lead', 'Y54'],
        ['airedale', 'ccg-user', '02N'],
        ['bradford', 'ccg-user', '02T'],
      ];
      assert.equal((await runCliInProcess(['users', 'add', 'admin@test.assure.example', '--name', 'Ada Admin', '--role', 'admin'], env)).status, 0);
      for (const [name, role, scope] of accounts) {
        const added = await runCliInProcess(['users', 'add', `${name}@test.assure.example`, '--name', name, '--role', role, ...(scope === undefined ? [] : ['--scope', scope])], as('admin'));
        assert.equal(added.status, 0, added.stderr);
      }
    });
    after(async () => {
      fs.rmSync(dir, { recursive: true, force: true });
      await scratch?.drop();
    });

    it('lets an analyst create a round, refuses a CCG user (exit 4), and lists it', async () => {
      assert.equal((await runCliInProcess(['rounds', 'create', '--title', 'Mine', '--framework', 'ccg-af-2015-16@1'], as('airedale'))).status, 4);
      const created = await runCliInProcess(['rounds', 'create', '--title', 'CCG assurance 2015/16', '--framework', 'ccg-af-2015-16@1', '--variant', 'final-2015', '--check-days', '1'], as('analyst'));
      assert.equal(created.status, 0, created.stderr);
      roundId = ID.exec(created.stdout)?.[0] ?? '';
      const list = await runCliInProcess(['rounds', 'list'], as('committee'));
      assert.equal(list.status, 0, list.stderr);
      assert.match(list.stdout, new RegExp(`${roundId}\\s+Draft ratings computed\\s+CCG assurance 2015/16`));
    });

    it('takes proposals from the region’s lead only, and moderation from the analyst', async () => {
      assert.match((await runCliInProcess(['rounds', 'step', roundId, 'open-regional-review'], as('analyst'))).stdout, /is at “Regional review”, due .* UK time/);
      const notHere = await runCliInProcess(['rounds', 'propose', roundId, '--org', '02N', '--level', 'inadequate', '--rationale', 'x'], as('airedale'));
      assert.equal(notHere.status, 4, 'a CCG may not propose its own rating');
      const proposed = await runCliInProcess(['rounds', 'propose', roundId, '--org', '02N', '--level', 'inadequate', '--rationale', 'The panel met the CCG.'], as('north'));
      assert.equal(proposed.status, 0, proposed.stderr);
      const proposalId = ID.exec(proposed.stdout)?.[0] ?? '';
      assert.equal((await runCliInProcess(['rounds', 'step', roundId, 'close-regional-review'], as('analyst'))).status, 0);
      const both = await runCliInProcess(['rounds', 'decide', proposalId, '--accept', '--reject'], as('analyst'));
      assert.equal(both.status, 2);
      assert.match(both.stderr, /exactly one of --accept and --reject/);
      const decided = await runCliInProcess(['rounds', 'decide', proposalId, '--accept', '--note', 'Consistent with peers.'], as('analyst'));
      assert.equal(decided.status, 0, decided.stderr);
      const opened = await runCliInProcess(['rounds', 'step', roundId, 'open-factual-accuracy-check'], as('analyst'));
      assert.equal(opened.status, 0, opened.stderr);
    });

    it('shows each CCG only its own comments, and answers them', async () => {
      const commented = await runCliInProcess(['rounds', 'comment', roundId, '--org', '02N', '--body', 'Indicator 127c uses last year’s denominator.'], as('airedale'));
      assert.equal(commented.status, 0, commented.stderr);
      const commentId = ID.exec(commented.stdout)?.[0] ?? '';
      assert.equal((await runCliInProcess(['rounds', 'comment', roundId, '--org', '02N', '--body', 'x'], as('bradford'))).status, 4, 'another CCG may not comment on 02N');
      assert.equal((await runCliInProcess(['rounds', 'confirm', roundId, '--org', '02T'], as('bradford'))).status, 0);
      const theirs = await runCliInProcess(['rounds', 'show', roundId], as('bradford'));
      assert.match(theirs.stdout, /Factual-accuracy comments \(0\)/);
      assert.match(theirs.stdout, /Proposals \(0\)/);
      const own = await runCliInProcess(['rounds', 'show', roundId], as('airedale'));
      assert.match(own.stdout, /Stage: Factual-accuracy check/);
      assert.match(own.stdout, /Indicator 127c uses last year’s denominator\.\s+awaiting response/);
      const respond = await runCliInProcess(['rounds', 'respond', commentId, '--response', 'no-change', '--note', 'The published denominator.'], as('analyst'));
      assert.equal(respond.status, 0, respond.stderr);
      const early = await runCliInProcess(['rounds', 'step', roundId, 'close-factual-accuracy-check'], as('analyst'));
      assert.equal(early.status, 2);
      assert.match(early.stderr, /207 organisations have not yet responded/);
    });

    it('lets the committee sign off and schedule publication in UK time, not the analyst', async () => {
      // The one-day window has to pass: the check is closed in-process with a later clock.
      const database = await openDatabase({ databaseUrl: env['DATABASE_URL'] || undefined, dataDir: env['ASSURE_DATA_DIR'] ?? '', command: 'test' });
      try {
        const analyst = await actorForAccount(database.db, 'analyst@test.assure.example');
        await takeRoundStep(database.db, analyst, { roundId, command: 'close-factual-accuracy-check', now: new Date(Date.now() + 10 * 86_400_000) });
      } finally {
        await database.close();
      }
      const analystSignOff = await runCliInProcess(['rounds', 'step', roundId, 'sign-off'], as('analyst'));
      assert.equal(analystSignOff.status, 4, analystSignOff.stderr);
      assert.equal((await runCliInProcess(['rounds', 'step', roundId, 'sign-off'], as('committee'))).status, 0);
      const badTime = await runCliInProcess(['rounds', 'step', roundId, 'schedule-publication', '--publish-at', '2099-03-29 01:30'], as('committee'));
      assert.equal(badTime.status, 2);
      assert.match(badTime.stderr, /does not exist in UK time/);
      const scheduled = await runCliInProcess(['rounds', 'step', roundId, 'schedule-publication', '--publish-at', '2099-07-01 09:30'], as('committee'));
      assert.equal(scheduled.status, 0, scheduled.stderr);
      const shown = await runCliInProcess(['rounds', 'show', roundId], as('analyst'));
      assert.match(shown.stdout, /Stage: Scheduled for publication \(embargoed\)/);
      assert.match(shown.stdout, /Publication: 1 Jul 2099, 09:30 UK time/);
      assert.match(shown.stdout, /schedule-publication\s+scheduled\s+committee/);
    });
  });
}
