import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createScratchPostgres, type ScratchPostgres, testEngines } from '../support/databases.ts';
import { runCliInProcess } from '../support/run-cli.ts';

const GOOD = 'organisation_code,indicator_code,period_start,period_end,numerator,denominator,source\n02N,129a,2016-03-01,2016-03-31,930,1000,RTT\n02T,129a,2016-03-01,2016-03-31,905,1000,RTT\n';
const BAD = 'organisation_code,indicator_code,period_start,period_end,numerator,denominator,source\nZZZ,129a,2016-03-01,2016-03-31,930,1000,RTT\n02T,129a,2016-03-01,2016-03-31,1200,1000,RTT\n';

for (const engine of testEngines()) {
  describe(`assure data import on ${engine}`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assure-data-cli-'));
    // Production: no demo data to load first, only the reference data and shipped frameworks.
    const env: Record<string, string> = { ASSURE_DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '', NODE_ENV: 'production' };
    let scratch: ScratchPostgres | undefined;
    const good = path.join(dir, 'march.csv');
    const bad = path.join(dir, 'bad.csv');
    before(async () => {
      fs.writeFileSync(good, GOOD);
      fs.writeFileSync(bad, BAD);
      if (engine !== 'postgres') return;
      scratch = await createScratchPostgres();
      env['DATABASE_URL'] = scratch.url;
    });
    after(async () => {
      fs.rmSync(dir, { recursive: true, force: true });
      await scratch?.drop();
    });

    it('refuses the operator (exit 4), then imports as a national analyst', async () => {
      const refused = await runCliInProcess(['data', 'import', good, '--dataset', 'cli-2016', '--as-of', '2016-03-31'], env);
      assert.equal(refused.status, 4);
      assert.equal(refused.stderr, 'assure: assure data import needs an account whose roles allow it: name one with --as EMAIL (or ASSURE_AS).\n');
      assert.equal((await runCliInProcess(['users', 'add', 'admin@test.assure.example', '--name', 'Ada Admin', '--role', 'admin'], env)).status, 0);
      const analyst = await runCliInProcess(['--as', 'admin@test.assure.example', 'users', 'add', 'analyst@test.assure.example', '--name', 'Ann Analyst', '--role', 'national-analyst'], env);
      assert.equal(analyst.status, 0, analyst.stderr);
      env['ASSURE_AS'] = 'analyst@test.assure.example';
      const dry = await runCliInProcess(['data', 'import', good, '--dataset', 'cli-2016', '--as-of', '2016-03-31', '--framework', 'ccg-af-2015-16@1', '--dry-run'], env);
      assert.equal(dry.status, 0, dry.stderr);
      assert.equal(dry.stdout, 'march.csv: valid; 2 rows would be imported into cli-2016 (dry run: nothing written).\n');
      const imported = await runCliInProcess(['data', 'import', good, '--dataset', 'cli-2016', '--as-of', '2016-03-31', '--framework', 'ccg-af-2015-16@1'], env);
      assert.equal(imported.status, 0, imported.stderr);
      assert.match(imported.stdout, /^march\.csv: 2 rows imported into cli-2016 as batch [0-9a-f-]{36}\.\n$/);
    });

    it('recognises the same file again and lists the batch', async () => {
      const again = await runCliInProcess(['data', 'import', good, '--dataset', 'cli-2016'], env);
      assert.equal(again.status, 0, again.stderr);
      assert.match(again.stdout, /^march\.csv: already imported into cli-2016 as batch .* by Ann Analyst <analyst@test\.assure\.example>; nothing changed\.\n$/);
      const list = await runCliInProcess(['data', 'imports'], env);
      assert.equal(list.status, 0, list.stderr);
      assert.match(list.stdout, /cli-2016\s+march\.csv\s+2\s+0/);
    });

    it('exits 2 listing every problem by row and column, and writes nothing', async () => {
      const result = await runCliInProcess(['data', 'import', bad, '--dataset', 'cli-bad', '--as-of', '2016-03-31', '--framework', 'ccg-af-2015-16@1'], env);
      assert.equal(result.status, 2);
      assert.equal(
        result.stderr,
        'assure: bad.csv, row 2, field "organisation_code": is not an organisation in the registry (got "ZZZ")\n' +
          'bad.csv, row 3, field "numerator": must not be above the denominator (1200 > 1000)\n' +
          '2 problems; nothing was imported.\n',
      );
      assert.match((await runCliInProcess(['data', 'imports'], env)).stdout, /^(?![\s\S]*cli-bad)/);
    });

    it('exits 2 for a new dataset without an as-of date and for an unknown framework', async () => {
      const noDate = await runCliInProcess(['data', 'import', good, '--dataset', 'cli-new'], env);
      assert.equal(noDate.status, 2);
      assert.match(noDate.stderr, /cli-new is new: give the date its data describes the position at/);
      const framework = await runCliInProcess(['data', 'import', good, '--dataset', 'cli-new', '--as-of', '2016-03-31', '--framework', 'nope@1'], env);
      assert.equal(framework.status, 2);
      assert.match(framework.stderr, /There is no framework version nope@1/);
    });
  });
}
