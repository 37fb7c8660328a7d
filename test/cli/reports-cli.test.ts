import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import readXlsxFile from 'read-excel-file/node';
import { createScratchPostgres, type ScratchPostgres, testEngines } from '../support/databases.ts';
import { runCliInProcess } from '../support/run-cli.ts';

// `assure reports` as a national analyst and a CCG user meet it: build, list, show and export, in process.

const ID = /[0-9a-f-]{36}/;

for (const engine of testEngines()) {
  describe(`assure reports on ${engine}`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assure-reports-cli-'));
    const env: Record<string, string> = { ASSURE_DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '', NODE_ENV: 'test' };
    let scratch: ScratchPostgres | undefined;
    const as = (who: string) => ({ ...env, ASSURE_AS: `${who}@test.assure.example` });
    let roundId = '';

    before(async () => {
      if (engine === 'postgres') {
        scratch = await createScratchPostgres();
        env['DATABASE_URL'] = scratch.url;
      }
      assert.equal((await runCliInProcess(['users', 'add', 'admin@test.assure.example', '--name', 'Ada Admin', '--role', 'admin'], env)).status, 0);
      for (const [name, role, scope] of [['analyst', 'national-analyst'], ['airedale', 'ccg-user', '02N']] as const) {
        const added = await runCliInProcess(['users', 'add', `${name}@test.assure.example`, '--name', name, '--role', role, ...(scope === undefined ? [] : ['--scope', scope])], as('admin'));
        assert.equal(added.status, 0, added.stderr);
      }
      const created = await runCliInProcess(['rounds', 'create', '--title', 'Year end 2015/16', '--framework', 'ccg-af-2015-16@1'], as('analyst'));
      assert.equal(created.status, 0, created.stderr);
      roundId = ID.exec(created.stdout)?.[0] ?? '';
    });
    after(async () => {
      fs.rmSync(dir, { recursive: true, force: true });
      await scratch?.drop();
    });

    it('builds the round’s drafts without PDFs for an analyst, and refuses a CCG user (exit 4)', async () => {
      assert.equal((await runCliInProcess(['reports', 'build', roundId, '--no-pdf'], as('airedale'))).status, 4);
      const built = await runCliInProcess(['reports', 'build', roundId, '--no-pdf'], as('analyst'));
      assert.equal(built.status, 0, built.stderr);
      assert.match(built.stdout, /Built 423 draft documents \(watermarked “Draft — not for publication”\)/);
      assert.match(built.stdout, /423 without a PDF: No PDF was asked for/);
    });

    it('lists every document for the analyst and only its own for a CCG user', async () => {
      const all = await runCliInProcess(['reports', 'list', roundId], as('analyst'));
      assert.equal(all.status, 0, all.stderr);
      assert.match(all.stdout, /national-annual-report\s+england\s+draft\s+no/);
      assert.equal(all.stdout.split('\n').filter((line) => line.startsWith('ccg-assurance-report')).length, 209);
      const own = await runCliInProcess(['reports', 'list', roundId], as('airedale'));
      assert.deepEqual(own.stdout.split('\n').filter((line) => line.startsWith('ccg-')).map((line) => line.split(/\s+/).slice(0, 2).join(' ')), ['ccg-assessment-letter 02N', 'ccg-assurance-report 02N']);
    });

    it('shows a document’s status, what it could not include and its provenance; an unknown kind is named', async () => {
      const shown = await runCliInProcess(['reports', 'show', roundId, 'ccg-assessment-letter', '02n'], as('airedale'));
      assert.equal(shown.status, 0, shown.stderr);
      assert.match(shown.stdout, /Status: draft \(Draft ratings computed\): not for publication/);
      assert.match(shown.stdout, /Assurance year: The round was not created as an assurance year’s year-end assessment/);
      assert.match(shown.stdout, /framework ccg-af-2015-16@1, variant final-2015; dataset demo-2016/);
      assert.match(shown.stdout, /content hash [0-9a-f]{64}/);
      const hidden = await runCliInProcess(['reports', 'show', roundId, 'ccg-assessment-letter', '02R'], as('airedale'));
      assert.equal(hidden.status, 2, 'another CCG’s draft is not found');
      assert.match(hidden.stderr, /There is no ccg-assessment-letter for 02R in this round/);
      const unknown = await runCliInProcess(['reports', 'show', roundId, 'annual-letter', '02N'], as('analyst'));
      assert.notEqual(unknown.status, 0);
      assert.match(unknown.stderr, /no kind of report called “annual-letter”; the kinds are ccg-assessment-letter, ccg-assurance-report/);
    });

    it('exports the documents a CCG user may see as whole files, the workbook readable', async () => {
      const out = path.join(dir, 'out');
      const exported = await runCliInProcess(['reports', 'export', roundId, '--out', out], as('airedale'));
      assert.equal(exported.status, 0, exported.stderr);
      assert.match(exported.stdout, /Wrote 4 files/);
      assert.match(exported.stdout, /Not written: ccg-assessment-letter-02n-draft\.pdf: No PDF was asked for/);
      assert.deepEqual(fs.readdirSync(out).toSorted(), ['ccg-assessment-letter-02n-draft.html', 'ccg-assessment-letter-02n-draft.xlsx', 'ccg-assurance-report-02n-draft.html', 'ccg-assurance-report-02n-draft.xlsx']);
      assert.match(fs.readFileSync(path.join(out, 'ccg-assurance-report-02n-draft.html'), 'utf8'), /^<!doctype html>/i);
      const workbook = await readXlsxFile(fs.readFileSync(path.join(out, 'ccg-assurance-report-02n-draft.xlsx')));
      assert.ok(workbook.some((sheet) => sheet.sheet === 'Indicators'));
      const badFormat = await runCliInProcess(['reports', 'export', roundId, '--out', out, '--format', 'docx'], as('analyst'));
      assert.notEqual(badFormat.status, 0);
      assert.match(badFormat.stderr, /--format.*"docx" is not a format/);
    });
  });
}
