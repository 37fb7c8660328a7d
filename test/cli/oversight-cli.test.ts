import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { syntheticPdf } from '../../src/domain/demo/evidence-documents.ts';
import { createScratchPostgres, type ScratchPostgres, testEngines } from '../support/databases.ts';
import { runCliInProcess } from '../support/run-cli.ts';

// `assure oversight …` as its users type it: each command in this process (one database open per command, as
// in its own process), so that the many commands stay quick.

const SURVEY = new URL('../fixtures/oversight/survey-example.csv', import.meta.url);
const ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

for (const engine of testEngines()) {
  describe(`assure oversight on ${engine}`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assure-oversight-cli-'));
    const env: Record<string, string> = { ASSURE_DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '', NODE_ENV: 'test' };
    let scratch: ScratchPostgres | undefined;
    const assure = (who: string, ...args: string[]) => runCliInProcess(args, { ...env, ASSURE_AS: `${who}@test.assure.example` });
    const file = (name: string, content: string | Uint8Array) => {
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

    it('imports the 360° survey (national analysts only), names a bad row and column, and shows a CCG its results', async () => {
      const surveyFile = file('survey-2016.csv', fs.readFileSync(SURVEY));
      assert.equal((await assure('airedale', 'oversight', 'survey', 'import', surveyFile)).status, 4, 'a CCG does not import the survey');
      const bad = await assure('analyst', 'oversight', 'survey', 'import', file('bad.csv', fs.readFileSync(SURVEY, 'utf8').replace('CCG?",18,24', 'CCG?",30,24')));
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /bad\.csv/);
      assert.match(bad.stderr, /row 2.*positive|positive.*row 2/is);
      const imported = await assure('analyst', 'oversight', 'survey', 'import', surveyFile);
      assert.equal(imported.status, 0, imported.stderr);
      assert.match(imported.stdout, /survey-2016\.csv: 37 survey results imported as batch/);
      assert.match((await assure('analyst', 'oversight', 'survey', 'import', surveyFile)).stdout, /already imported as batch .*; nothing changed/);

      const own = await assure('airedale', 'oversight', 'survey', 'show', '02N');
      assert.equal(own.status, 0, own.stderr);
      assert.match(own.stdout, /GP member practices/);
      const elsewhere = await assure('bradford', 'oversight', 'survey', 'show', '02N');
      assert.equal(elsewhere.status, 2);
      assert.match(elsewhere.stderr, /There is no CCG 02N whose oversight record you can see/);
      const json = await assure('analyst', 'oversight', 'survey', 'show', '--format', 'json');
      assert.equal((JSON.parse(json.stdout) as { survey: { surveyYear: number } }).survey.surveyYear, 2016);
    });

    it('registers, lists, shows, downloads and links local evidence', async () => {
      const papers = syntheticPdf('Governing body papers, May 2016', ['Finance report']);
      const pdf = file('gb-papers.pdf', papers);
      const add = ['oversight', 'evidence', 'add', pdf, '--organisation', '02N', '--title', 'Governing body papers, May 2016', '--kind', 'board-papers', '--date', '2016-05-12'];
      assert.equal((await assure('bradford', ...add)).status, 2, 'another CCG is told 02N is not there');
      const added = await assure('airedale', ...add);
      assert.equal(added.status, 0, added.stderr);
      const documentId = ID.exec(added.stdout)?.[0] ?? '';
      assert.match(added.stdout, /^Registered gb-papers\.pdf for 02N as document .* \(Board papers, SHA-256 [0-9a-f]{64}\)\.\n$/);
      assert.match((await assure('north', ...add)).stdout, /02N has this very file already, as document/);

      const script = await assure('airedale', 'oversight', 'evidence', 'add', file('report.pdf', '#!/bin/sh\necho hi\n'), '--organisation', '02N', '--title', 'Report', '--kind', 'other', '--date', '2016-05-12');
      assert.equal(script.status, 2);
      assert.match(script.stderr, /report\.pdf is a script/);

      const list = await assure('north', 'oversight', 'evidence', 'list', '02N');
      assert.match(list.stdout, new RegExp(`${documentId}\\s+2016-05-12\\s+Board papers\\s+Governing body papers, May 2016`));
      const output = path.join(dir, 'downloaded.pdf');
      assert.equal((await assure('analyst', 'oversight', 'evidence', 'download', documentId, '--output', output)).status, 0);
      assert.deepEqual(fs.readFileSync(output), Buffer.from(papers));

      const opened = await assure('north', 'cases', 'open', '02N', '--reason', 'Evidence from the CLI.');
      const caseId = ID.exec(opened.stdout)?.[0] ?? '';
      assert.notEqual(caseId, '', opened.stderr);
      const linked = await assure('north', 'oversight', 'evidence', 'link', documentId, '--to', `case:${caseId}`);
      assert.equal(linked.stdout, `Linked document ${documentId} as evidence for case ${caseId}.\n`);
      assert.match((await assure('airedale', 'oversight', 'evidence', 'show', documentId)).stdout, new RegExp(`Evidence for:\\n  case ${caseId}`));
      assert.equal((await assure('north', 'oversight', 'evidence', 'link', documentId, '--to', 'case')).status, 2, 'TYPE:ID is asked for');
      assert.equal((await assure('airedale', 'oversight', 'evidence', 'link', documentId, '--to', `case:${caseId}`, '--remove')).status, 0);
      assert.match((await assure('airedale', 'oversight', 'evidence', 'show', documentId)).stdout, /Evidence for: nothing yet\./);
    });

    it('opens a year, assesses a quarter, refuses a stale change, and designates a distressed economy', async () => {
      assert.equal((await assure('north', 'oversight', 'years', 'open', '2016-17', '--framework', 'ccg-af-2015-16@1')).status, 4, 'only national analysts open years');
      const opened = await assure('analyst', 'oversight', 'years', 'open', '2016-17', '--framework', 'ccg-af-2015-16@1');
      assert.equal(opened.stdout, 'Opened assurance year 2016/17 (2016-04-01 to 2017-03-31) on ccg-af-2015-16@1: Well-led organisation, Performance, Financial management, Planning, Delegated functions.\n');
      const assess = ['oversight', 'assess', '02N', '--year', '2016-17', '--quarter', '1', '--component', 'finance'];
      assert.equal((await assure('airedale', ...assess, '--level', 'good', '--narrative', 'x')).status, 4, 'a CCG does not assess itself');
      const bad = await assure('north', ...assess, '--level', 'superb', '--narrative', 'On plan.');
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /superb is not on the Assurance rating scale/);
      const recorded = await assure('north', ...assess, '--level', 'good', '--narrative', 'On plan.');
      assert.match(recorded.stdout, /^Recorded finance for 02N, 2016-17 Q1: good, version 1/);
      const stale = await assure('north', ...assess, '--level', 'inadequate', '--narrative', 'Off plan.', '--reason', 'Month 3.');
      assert.equal(stale.status, 2);
      assert.match(stale.stderr, /changed this assessment \(now version 1\)/);
      const changed = await assure('north', ...assess, '--level', 'requires-improvement', '--narrative', 'Off plan.', '--reason', 'Month 3.', '--expected-version', '1');
      assert.match(changed.stdout, /^Changed finance for 02N, 2016-17 Q1: requires-improvement, version 2/);
      assert.match((await assure('airedale', 'oversight', 'assessments', '02N', '--year', '2016-17')).stdout, /finance\s+requires-improvement \(v2\)\s+-\s+-\s+-/);

      const designated = await assure('north', 'oversight', 'designate', '02N', '--from', '2016-07-01', '--reason', 'The acute trust is in financial special measures.');
      const designationId = ID.exec(designated.stdout)?.[0] ?? '';
      assert.notEqual(designationId, '', designated.stderr);
      const ended = await assure('analyst', 'oversight', 'designate', '02N', '--end', designationId, '--on', '2017-03-31', '--expected-version', '1', '--reason', 'It left special measures.');
      assert.equal(ended.stdout, `Designation ${designationId} of 02N ends on 2017-03-31.\n`);
      assert.match((await assure('airedale', 'oversight', 'designate', '02N')).stdout, new RegExp(`${designationId}\\s+2016-07-01\\s+2017-03-31\\s+2`));
    });
  });
}
