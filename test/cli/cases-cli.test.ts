import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDatabase } from '../../src/db/connect.ts';
import { createScratchPostgres, type ScratchPostgres, testEngines } from '../support/databases.ts';
import { runCliInProcess } from '../support/run-cli.ts';

const ID = /[0-9a-f-]{36}/;

for (const engine of testEngines()) {
  describe(`assure cases on ${engine}`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assure-cases-cli-'));
    const env: Record<string, string> = { ASSURE_DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '', NODE_ENV: 'test' };
    let scratch: ScratchPostgres | undefined;
    const as = (who: string) => ({ ...env, ASSURE_AS: `${who}@test.assure.example` });
    // A CCG of the North (Y54) without a case of its own, whatever demo cases the first start installs.
    let code = '';
    let caseId = '';

    before(async () => {
      if (engine === 'postgres') {
        scratch = await createScratchPostgres();
        env['DATABASE_URL'] = scratch.url;
      }
      assert.equal((await runCliInProcess(['users', 'add', 'admin@test.assure.example', '--name', 'Ada Admin', '--role', 'admin'], env)).status, 0);
      const database = await openDatabase({ databaseUrl: env['DATABASE_URL'] || undefined, dataDir: env['ASSURE_DATA_DIR'] ?? '', command: 'test' });
      try {
        const free = await database.db
          .selectFrom('organisation')
          .select('code')
          .where('region_code', '=', 'Y54')
          .where('type', '=', 'ccg')
          .where('code', 'not in', database.db.selectFrom('special_measures_case').select('organisation_code'))
          .orderBy('code', 'desc')
          .executeTakeFirstOrThrow();
        code = free.code;
      } finally {
        await database.close();
      }
      const accounts: [string, string, string?][] = [
        ['analyst', 'national-analyst'],
        ['committee', 'committee-member'],
        ['north', 'regional-lead', 'Y54'],
        ['own', 'ccg-user', code],
        ['elsewhere', 'ccg-user', '07L'],
      ];
      for (const [name, role, scope] of accounts) {
        const added = await runCliInProcess(['users', 'add', `${name}@test.assure.example`, '--name', name, '--role', role, ...(scope === undefined ? [] : ['--scope', scope])], as('admin'));
        assert.equal(added.status, 0, added.stderr);
      }
    });
    after(async () => {
      fs.rmSync(dir, { recursive: true, force: true });
      await scratch?.drop();
    });

    it('lets the regional lead open a case and the committee approve entry, each refusing the wrong role', async () => {
      assert.equal((await runCliInProcess(['cases', 'open', code, '--reason', 'x'], as('own'))).status, 4, 'a CCG does not propose itself');
      const opened = await runCliInProcess(['cases', 'open', code, '--reason', 'Rated inadequate', '--trigger', 'inadequate-rating'], as('north'));
      assert.equal(opened.status, 0, opened.stderr);
      caseId = ID.exec(opened.stdout)?.[0] ?? '';
      const noBasis = await runCliInProcess(['cases', 'transition', caseId, 'approve-entry', '--reason', 'Agreed.'], as('committee'));
      assert.equal(noBasis.status, 2);
      assert.match(noBasis.stderr, /basis/);
      assert.equal((await runCliInProcess(['cases', 'transition', caseId, 'approve-entry', '--reason', 'x', '--field', 'basis=agreed-with-ccg'], as('north'))).status, 4);
      const entered = await runCliInProcess(['cases', 'transition', caseId, 'approve-entry', '--reason', 'Agreed with the CCG.', '--field', 'basis=agreed-with-ccg'], as('committee'));
      assert.equal(entered.status, 0, entered.stderr);
      assert.match(entered.stdout, /now in-special-measures, deadline \d{4}-\d{2}-\d{2}/);
      assert.equal((await runCliInProcess(['cases', 'transition', caseId, 'no-such-action', '--reason', 'x'], as('north'))).status, 2);
    });

    it('takes fields from --field and from a JSON file, and shows the history only to those who see the case', async () => {
      const commissioned = await runCliInProcess(['cases', 'transition', caseId, 'commission-external-review', '--reason', 'Directions require it.', '--field', 'reviewer=Governance Reviews Ltd'], as('north'));
      assert.equal(commissioned.status, 0, commissioned.stderr);
      const file = path.join(dir, 'findings.json');
      fs.writeFileSync(file, JSON.stringify({ findings: { capacity: 'Thin finance team', capability: 'Adequate', governance: 'Weak board oversight' } }));
      const findings = await runCliInProcess(['cases', 'transition', caseId, 'record-review-findings', '--reason', 'Reported.', '--json-file', file], as('north'));
      assert.equal(findings.status, 0, findings.stderr);

      const shown = await runCliInProcess(['cases', 'show', caseId], as('own'));
      assert.equal(shown.status, 0, shown.stderr);
      assert.match(shown.stdout, /State: External review of capacity, capability and governance/);
      assert.match(shown.stdout, /4\s+.*record-review-findings\s+external-review\s+north <north@test\.assure\.example>\s+Reported\./);
      assert.equal((await runCliInProcess(['cases', 'show', caseId], as('elsewhere'))).status, 2, 'another CCG is told the case does not exist');
      const listed = await runCliInProcess(['cases', 'list', '--json'], as('north'));
      assert.ok((JSON.parse(listed.stdout) as { id: string }[]).some((summary) => summary.id === caseId));
    });

    it('exports the reminder list as CSV and the cases as JSON, and lists the proposals', async () => {
      const reminders = await runCliInProcess(['cases', 'export', '--reminders'], as('north'));
      assert.equal(reminders.status, 0, reminders.stderr);
      assert.match(reminders.stdout, /^due_on,status,organisation_code,region_code,case_id,item,by,description\n/);
      const out = path.join(dir, 'cases.json');
      assert.equal((await runCliInProcess(['cases', 'export', '--out', out], as('analyst'))).status, 0);
      assert.ok((JSON.parse(fs.readFileSync(out, 'utf8')) as { id: string }[]).some((record) => record.id === caseId));
      const evidence = path.join(dir, 'evidence.json');
      // Reported yesterday, so within the trigger's 12 months of today whenever the test runs.
      const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      fs.writeFileSync(evidence, JSON.stringify({ type: 'audit-finding', organisationCode: '02W', reportedOn: yesterday, auditor: 'external', severity: 'critical', aboutFinancialControls: true, summary: 'Payments without authorisation' }));
      const recorded = await runCliInProcess(['cases', 'evidence', evidence], as('north'));
      assert.equal(recorded.status, 0, recorded.stderr);
      assert.match(recorded.stdout, /^Recorded audit-finding /);
      const proposals = await runCliInProcess(['cases', 'proposals'], as('analyst'));
      assert.equal(proposals.status, 0, proposals.stderr);
      assert.doesNotMatch(proposals.stdout, new RegExp(`^${code}\\s`, 'm'), 'an organisation with an open case is not proposed');
      assert.match(proposals.stdout, /^02W\s+weak-financial-controls\s+.*Payments without authorisation/m);
    });
  });
}
