import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createScratchPostgres, type ScratchPostgres, testEngines } from '../support/databases.ts';
import { runAssure } from '../support/run-assure.ts';
import { runCliInProcess } from '../support/run-cli.ts';

function writeTemp(dir: string, name: string, content: string | Uint8Array): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

describe('assure command line', () => {
  it('prints help for every command and exits 0', () => {
    for (const args of [['--help'], ['serve', '--help'], ['migrate', '--help'], ['orgs', '--help'], ['orgs', 'import', '--help'], ['orgs', 'list', '--help']]) {
      const result = runAssure(args, {});
      assert.equal(result.status, 0, args.join(' '));
      assert.match(result.stdout, /Usage: assure/);
    }
  });

  it('exits 2 with one line for an unknown command or option', () => {
    const result = runAssure(['orgs', 'list', '--format', 'xml'], {});
    assert.equal(result.status, 2);
    assert.match(result.stderr, /Allowed choices are table, csv, json/);
  });

  it('names a bad environment variable and exits 2', () => {
    const result = runAssure(['orgs', 'list'], { PORT: 'eighty', ASSURE_DATA_DIR: os.tmpdir() });
    assert.equal(result.status, 2);
    assert.equal(result.stderr, 'assure: Invalid environment variable PORT: must be a whole number from 0 to 65535\n');
  });
});

for (const engine of testEngines()) {
  describe(`assure orgs on ${engine}`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assure-cli-'));
    const env: Record<string, string> = { ASSURE_DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '' };
    let scratch: ScratchPostgres | undefined;
    before(async () => {
      if (engine !== 'postgres') return;
      scratch = await createScratchPostgres();
      env['DATABASE_URL'] = scratch.url;
    });
    after(async () => {
      await scratch?.drop();
    });

    it('migrates, then says the database is up to date', async () => {
      const first = await runCliInProcess(['migrate'], env);
      assert.equal(first.status, 0, first.stderr);
      assert.match(first.stdout, /Applied \d+ migration\(s\)|up to date/);
      assert.equal((await runCliInProcess(['migrate'], env)).stdout, 'The database is up to date.\n');
    });

    it('bootstraps the first administrator, who adds a national analyst to import with', async () => {
      const refused = await runCliInProcess(['orgs', 'import', writeTemp(dir, 'early.csv', 'code,name,type\n16Z,X,ccg\n')], env);
      assert.equal(refused.status, 4);
      assert.equal(refused.stderr, 'assure: assure orgs import needs an account whose roles allow it: name one with --as EMAIL (or ASSURE_AS).\n');
      const admin = await runCliInProcess(['users', 'add', 'admin@test.assure.example', '--name', 'Ada Admin', '--role', 'admin'], env);
      assert.equal(admin.status, 0, admin.stderr);
      assert.match(admin.stdout, /^Added admin@test\.assure\.example as Administrator\.\nOne-time password for admin@test\.assure\.example/);
      const second = await runCliInProcess(['users', 'add', 'other@test.assure.example', '--name', 'Other', '--role', 'admin'], env);
      assert.equal(second.status, 4, 'the operator may only create the first administrator');
      const analyst = await runCliInProcess(['--as', 'admin@test.assure.example', 'users', 'add', 'analyst@test.assure.example', '--name', 'Ann Analyst', '--role', 'national-analyst'], env);
      assert.equal(analyst.status, 0, analyst.stderr);
      env['ASSURE_AS'] = 'analyst@test.assure.example';
    });

    it('lists the reference organisations as a table, JSON and CSV', async () => {
      const table = await runCliInProcess(['orgs', 'list'], env);
      assert.equal(table.status, 0, table.stderr);
      assert.equal(table.stdout.trim().split('\n').length, 214);
      assert.match(table.stdout, /^CODE\s+ONS CODE\s+TYPE\s+REGION\s+POPULATION\s+NAME/);
      const json = JSON.parse((await runCliInProcess(['orgs', 'list', '--format', 'json'], env)).stdout) as { code: string }[];
      assert.equal(json.length, 213);
      const csv = (await runCliInProcess(['orgs', 'list', '--format', 'csv'], env)).stdout;
      assert.match(csv, /^code,ons_code,name,type,region,population,established_on,closed_on,successor,peers\n/);
    });

    it('re-importing its own export changes nothing', async () => {
      const file = writeTemp(dir, 'export.csv', (await runCliInProcess(['orgs', 'list', '--format', 'csv'], env)).stdout);
      const result = await runCliInProcess(['orgs', 'import', file], env);
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stdout, 'export.csv: 0 added, 0 changed, 213 unchanged.\n');
    });

    it('imports new and changed organisations', async () => {
      const file = writeTemp(dir, 'merger.csv', 'code,name,type,region,established_on,peers\n15F,NHS Leeds CCG,ccg,Y54,2018-04-01,03N 02N\n');
      const result = await runCliInProcess(['orgs', 'import', file], env);
      assert.equal(result.stdout, 'merger.csv: 1 added, 0 changed, 0 unchanged.\n');
      assert.equal((await runCliInProcess(['orgs', 'import', file], env)).stdout, 'merger.csv: 0 added, 0 changed, 1 unchanged.\n');
    });

    const badFiles: [string, string | Uint8Array, RegExp][] = [
      ['unknown-column.csv', 'code,name,type,colour\n16A,X,ccg,red\n', /^assure: unknown-column\.csv, row 1: has unknown column "colour"/],
      ['missing-code.csv', 'code,name,type\n16A,X,ccg\n,Y,ccg\n', /^assure: missing-code\.csv, row 3, field "code": must not be empty\n$/],
      ['duplicate.csv', 'code,name,type\n16A,X,ccg\n16A,Y,ccg\n', /row 3, field "code": repeats code 16A, first given on row 2/],
      ['malformed.csv', 'code,name,type\n16A,"X,ccg\n', /is not valid CSV/],
      ['latin1.csv', Uint8Array.from([...Buffer.from('code,name,type\n16A,Caf'), 0xe9, ...Buffer.from(',ccg\n')]), /latin1\.csv, row 2: is not UTF-8 text/],
      ['empty.csv', '', /empty\.csv: is empty/],
      ['dangling.csv', 'code,name,type,peers\n16A,X,ccg,ZZZ\n', /dangling\.csv, row 2, field "peers": 16A refers to ZZZ/],
    ];
    for (const [name, content, message] of badFiles) {
      it(`refuses ${name} with a clear message, exit 2 and nothing written`, async () => {
        const before = (await runCliInProcess(['orgs', 'list', '--format', 'csv'], env)).stdout;
        const result = await runCliInProcess(['orgs', 'import', writeTemp(dir, name, content)], env);
        assert.equal(result.status, 2);
        assert.match(result.stderr, message);
        assert.ok(!result.stderr.includes('    at '), 'no stack trace');
        assert.equal((await runCliInProcess(['orgs', 'list', '--format', 'csv'], env)).stdout, before);
      });
    }

    it('reports a missing file in one line, with a stack only under --debug', async () => {
      const result = await runCliInProcess(['orgs', 'import', path.join(dir, 'nope.csv')], env);
      assert.equal(result.status, 2);
      assert.match(result.stderr, /^assure: ENOENT: no such file or directory/);
      assert.equal(result.stderr.trim().split('\n').length, 1);
      assert.match((await runCliInProcess(['--debug', 'orgs', 'import', path.join(dir, 'nope.csv')], env)).stderr, /\n\s+at /);
    });
  });
}
