import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createScratchPostgres, type ScratchPostgres, testEngines } from '../support/databases.ts';
import { runCliInProcess } from '../support/run-cli.ts';

// `assure oversight finance …` as its users type it, each command in this process (one database open per
// command, as in its own process).

/** The command's JSON, without what the test runner's own messages put before it on a captured stdout. */
const jsonOf = (stdout: string): string => stdout.slice(stdout.indexOf('{\n'));

const EXAMPLE = fs.readFileSync(new URL('../fixtures/oversight/finance-example.csv', import.meta.url), 'utf8');

for (const engine of testEngines()) {
  describe(`assure oversight finance on ${engine}`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assure-finance-cli-'));
    const env: Record<string, string> = { ASSURE_DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '', NODE_ENV: 'test' };
    let scratch: ScratchPostgres | undefined;
    const assure = (who: string, ...args: string[]) => runCliInProcess(args, { ...env, ASSURE_AS: `${who}@test.assure.example` });
    const file = (name: string, content: string) => {
      const target = path.join(dir, name);
      fs.writeFileSync(target, content);
      return target;
    };

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
        ['airedale', 'ccg-user', '02N'],
        ['bradford', 'ccg-user', '02T'],
      ] as const) {
        const added = await assure('admin', 'users', 'add', `${name}@test.assure.example`, '--name', name, '--role', role, ...(scope === undefined ? [] : ['--scope', scope]));
        assert.equal(added.status, 0, added.stderr);
      }
    });
    after(async () => {
      fs.rmSync(dir, { recursive: true, force: true });
      await scratch?.drop();
    });

    it('imports returns (national analysts only), names a bad row and column, and recognises the same file', async () => {
      const returns = file('finance-2016.csv', EXAMPLE);
      assert.equal((await assure('airedale', 'oversight', 'finance', 'import', returns)).status, 4, 'a CCG does not import returns');
      const bad = await assure('analyst', 'oversight', 'finance', 'import', file('bad.csv', EXAMPLE.replace('02T,2016-05,300000,3000,24500,25200', '02T,2016-05,300000,3000,24500,lots')));
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /bad\.csv, row 7, field "actual": "lots" is not a number of £ thousands/);
      const dryRun = await assure('analyst', 'oversight', 'finance', 'import', returns, '--dry-run');
      assert.match(dryRun.stdout, /finance-2016\.csv: valid; 12 finance returns would be imported \(dry run: nothing written\)\.\n/);
      const imported = await assure('analyst', 'oversight', 'finance', 'import', returns);
      assert.equal(imported.status, 0, imported.stderr);
      assert.match(imported.stdout, /finance-2016\.csv: 12 finance returns imported as batch [0-9a-f-]{36}\.\n/);
      assert.match((await assure('analyst', 'oversight', 'finance', 'import', returns)).stdout, /already imported as batch .*; nothing changed/);
    });

    it('replaces a changed month only with --reason', async () => {
      const corrected = file('corrected.csv', EXAMPLE.replace('02N,2016-07,400000,4000,33000,33050,396200', '02N,2016-07,400000,4000,33000,33300,396500'));
      const refused = await assure('analyst', 'oversight', 'finance', 'import', corrected);
      assert.equal(refused.status, 2);
      assert.match(refused.stderr, /corrected\.csv, row 5, field "actual": is 33,300 but 02N's return for July 2016 is stored already with 33,050/);
      const replaced = await assure('analyst', 'oversight', 'finance', 'import', corrected, '--reason', 'The CCG restated July.');
      assert.equal(replaced.status, 0, replaced.stderr);
      assert.match(replaced.stdout, /12 finance returns imported as batch .*, replacing 1 stored returns\.\n/);
    });

    it('shows a CCG its year, the region its CCGs worst first, and hides other CCGs', async () => {
      const own = await assure('airedale', 'oversight', 'finance', 'show', '02N');
      assert.equal(own.status, 0, own.stderr);
      assert.match(own.stdout, /NHS Airedale, Wharfedale and Craven CCG \(02N\): finance 2016\/17\n/);
      assert.match(own.stdout, /Latest return July 2016: allocation 400,000, control total 4,000, forecast outturn 396,500/);
      assert.match(own.stdout, /Year to date: 132,500 spent against a plan of 132,000, \+500 \(\+0\.4%\)/);
      assert.match(own.stdout, /\n2016-04\s+33,000\s+33,100\s+33,000\s+33,100\s+\+100\s+\+0\.3%\s+396,000\s+4,000\s+0\s+0\.0%\s+finance-2016\.csv\n/);
      assert.match(own.stdout, /2016-07 .*corrected\.csv\n/);
      const elsewhere = await assure('bradford', 'oversight', 'finance', 'show', '02N');
      assert.equal(elsewhere.status, 2);
      assert.match(elsewhere.stderr, /There is no CCG 02N whose oversight record you can see/);

      const north = await assure('north', 'oversight', 'finance', 'show');
      assert.equal(north.status, 0, north.stderr);
      assert.match(north.stdout, /Every CCG you can see, furthest from plan first/);
      // The first two rows under the header: 02T seriously off plan, then 02N.
      assert.match(north.stdout, /NAME\n02T\s+2016-07\s+\+2,900\s+\+3\.0%\s+\+7,000\s+\+2\.3%\s+seriously off plan\s+NHS Calderdale CCG\n02N\s+2016-07/);
      assert.doesNotMatch(north.stdout, /\n08H /, 'London is not the North’s');

      const london = await assure('analyst', 'oversight', 'finance', 'show', '--region', 'Y56', '--format', 'json');
      const listed = JSON.parse(jsonOf(london.stdout)) as { regionCode: string; entries: { code: string; latest: { forecastShortfall: number } | null }[] };
      assert.equal(listed.regionCode, 'Y56');
      assert.deepEqual([listed.entries[0]?.code, listed.entries[0]?.latest?.forecastShortfall], ['08H', 2_500]);
      const year = await assure('analyst', 'oversight', 'finance', 'show', '02N', '--year', '2015/16', '--format', 'json');
      assert.equal((JSON.parse(jsonOf(year.stdout)) as { year: { latest: unknown; year: { id: string } } }).year.year.id, '2015-16');
      assert.equal((await assure('analyst', 'oversight', 'finance', 'show', '02N', '--year', '2016')).status, 2, 'a usage error');
    });
  });
}
