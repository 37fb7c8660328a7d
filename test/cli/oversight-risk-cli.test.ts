import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDatabase } from '../../src/db/connect.ts';
import { createScratchPostgres, type ScratchPostgres, testEngines } from '../support/databases.ts';
import { installRiskFixtures, RISK_AS_OF } from '../support/oversight-risk.ts';
import { runCliInProcess } from '../support/run-cli.ts';

// `assure oversight risk`, `what-if` and `risk-model` as a user types them, each command in this process (one
// database open per command, as in its own): the same view, policy and audit as the pages.
// The first start installs the demo too, so other CCGs have evidence of their own beside the fixtures'.

for (const engine of testEngines()) {
  describe(`assure oversight risk on ${engine}`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assure-risk-cli-'));
    const env: Record<string, string> = { ASSURE_DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '', NODE_ENV: 'test' };
    let scratch: ScratchPostgres | undefined;
    const assure = (who: string, ...args: string[]) => runCliInProcess(args, { ...env, ASSURE_AS: `${who}@test.assure.example` });
    const proposal = path.join(dir, 'stricter.yaml');
    const broken = path.join(dir, 'broken.yaml');

    before(async () => {
      if (engine === 'postgres') {
        scratch = await createScratchPostgres();
        env['DATABASE_URL'] = scratch.url;
      }
      const operator = await runCliInProcess(['users', 'add', 'admin@test.assure.example', '--name', 'Ada Admin', '--role', 'admin'], { ...env, ASSURE_AS: undefined });
      assert.equal(operator.status, 0, operator.stderr);
      for (const [name, role, scope] of [
        ['analyst', 'national-analyst'],
        ['north', 'regional-lead', 'Y54'],
        ['own', 'ccg-user', '02N'],
      ] as const) {
        const added = await assure('admin', 'users', 'add', `${name}@test.assure.example`, '--name', name, '--role', role, ...(scope === undefined ? [] : ['--scope', scope]));
        assert.equal(added.status, 0, added.stderr);
      }
      const database = await openDatabase({ databaseUrl: env['DATABASE_URL'] || undefined, dataDir: env['ASSURE_DATA_DIR'] ?? '', command: 'test' });
      try {
        await installRiskFixtures(database.db);
      } finally {
        await database.close();
      }
      fs.writeFileSync(proposal, 'minimumSources: 3\n');
      fs.writeFileSync(broken, 'thresholds:\n  medium: 40\n  high: 20\nsurvey:\n  perQuestion: 2\n');
    });
    after(async () => {
      fs.rmSync(dir, { recursive: true, force: true });
      await scratch?.drop();
    });

    it('ranks the regional lead’s region and explains a CCG, hiding it from others', async () => {
      const ranked = await assure('north', 'oversight', 'risk', '--as-of', RISK_AS_OF);
      assert.equal(ranked.status, 0, ranked.stderr);
      assert.match(ranked.stdout, /^Risk on 30 June 2016, by the default risk model/);
      assert.match(ranked.stdout, /\n1 +02N +High risk +\d+ +Enhanced +overdue since 2016-06-20/);
      assert.match(ranked.stdout, /What moved since 30 May 2016:\nCODE +WAS +NOW +CHANGE +WHAT MOVED\n02N +[A-Za-z ]+ \d+ +High risk \d+ +\+\d+ +Indicators with special cause \+5;/);

      const explained = await assure('own', 'oversight', 'risk', '02N', '--as-of', RISK_AS_OF);
      assert.equal(explained.status, 0, explained.stderr);
      assert.match(explained.stdout, /Indicators with special cause +5 +2016-06-30 +Dataset risk-test, by the Making Data Count rules/);
      assert.match(explained.stdout, /Concerns flagged: 1 concern flagged in the 6 months to 30 June 2016, 1 serious/);

      const json = await assure('north', 'oversight', 'risk', '02N', '--as-of', RISK_AS_OF, '--format', 'json');
      const parsed = JSON.parse(json.stdout) as { risk: { score: number; factors: { points: number }[] } };
      assert.equal(parsed.risk.score, parsed.risk.factors.reduce((total, factor) => total + factor.points, 0));

      const hidden = await assure('own', 'oversight', 'risk', '02T', '--as-of', RISK_AS_OF);
      assert.equal(hidden.status, 2);
      assert.match(hidden.stderr, /There is no CCG 02T whose oversight record you can see/);
      assert.equal((await assure('north', 'oversight', 'risk', '--as-of', '2016-02-30')).status, 2);
    });

    it('simulates and adopts a model for national analysts only, naming a bad file’s fields', async () => {
      assert.equal((await assure('north', 'oversight', 'what-if', proposal, '--as-of', RISK_AS_OF)).status, 4);
      const bad = await assure('analyst', 'oversight', 'what-if', broken, '--as-of', RISK_AS_OF);
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /broken\.yaml, field "survey\.perQuestion": is not a known field/);
      assert.match(bad.stderr, /broken\.yaml, field "thresholds\.high": the high threshold must be above the medium one/);

      const whatIf = await assure('analyst', 'oversight', 'what-if', proposal, '--as-of', RISK_AS_OF);
      assert.equal(whatIf.status, 0, whatIf.stderr);
      assert.match(whatIf.stdout, /\d+ of \d+ CCGs would change risk level or intensity/);
      assert.match(whatIf.stdout, /\n\d+ from low risk to not assessed\n/);
      assert.match(whatIf.stdout, /02T +\d+ -> \d+ +Low risk -> Not assessed +Enhanced -> Enhanced/);

      assert.equal((await assure('north', 'oversight', 'risk-model', 'adopt', proposal, '--reason', 'no')).status, 4);
      const adopted = await assure('analyst', 'oversight', 'risk-model', 'adopt', proposal, '--reason', 'Three sources before low risk.');
      assert.equal(adopted.status, 0, adopted.stderr);
      assert.equal(adopted.stdout, 'Adopted risk model version 1.\n');

      const shown = await assure('own', 'oversight', 'risk-model', 'show');
      assert.equal(shown.status, 0, shown.stderr);
      assert.match(shown.stdout, /^# risk model version 1, adopted by analyst@test\.assure\.example on .*: Three sources before low risk\.\n/);
      assert.match(shown.stdout, /\nminimumSources: 3\n/);
    });
  });
}
