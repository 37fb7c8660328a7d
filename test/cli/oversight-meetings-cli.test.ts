import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { londonDate } from '../../src/domain/calendar/london-time.ts';
import { addDays } from '../../src/domain/special-measures/calendar-months.ts';
import { createScratchPostgres, type ScratchPostgres, testEngines } from '../support/databases.ts';
import { runCliInProcess } from '../support/run-cli.ts';

// `assure oversight meetings|actions|reminders` as the regional team types them, each command in this process.

const ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

for (const engine of testEngines()) {
  describe(`assure oversight meetings on ${engine}`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assure-meetings-cli-'));
    const env: Record<string, string> = { ASSURE_DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '', NODE_ENV: 'test' };
    let scratch: ScratchPostgres | undefined;
    const assure = (who: string, ...args: string[]) => runCliInProcess(args, { ...env, ASSURE_AS: `${who}@test.assure.example` });
    const today = londonDate(new Date());
    let meetingId = '';
    let actionId = '';

    before(async () => {
      if (engine === 'postgres') {
        scratch = await createScratchPostgres();
        env['DATABASE_URL'] = scratch.url;
      }
      const operator = await runCliInProcess(['users', 'add', 'admin@test.assure.example', '--name', 'Ada Admin', '--role', 'admin'], { ...env, ASSURE_AS: undefined });
      assert.equal(operator.status, 0, operator.stderr);
      for (const [name, role, scope] of [
        ['north', 'regional-lead', 'Y54'],
        ['airedale', 'ccg-user', '02N'],
        ['bradford', 'ccg-user', '02T'],
      ] as const) {
        const added = await assure('admin', 'users', 'add', `${name}@test.assure.example`, '--name', name, '--role', role, '--scope', scope);
        assert.equal(added.status, 0, added.stderr);
      }
    });
    after(async () => {
      fs.rmSync(dir, { recursive: true, force: true });
      await scratch?.drop();
    });

    it('schedules a meeting (the region’s lead) and lists and shows it to the CCG', async () => {
      assert.equal((await assure('airedale', 'oversight', 'meetings', 'schedule', '02N', '--on', today)).status, 4, 'a CCG does not schedule its checkpoints');
      const hidden = await assure('bradford', 'oversight', 'meetings', 'schedule', '02N', '--on', today);
      assert.equal(hidden.status, 2, 'another CCG is told 02N is not there');
      assert.equal((await assure('north', 'oversight', 'meetings', 'schedule', '02N', '--on', '2016-02-30')).status, 2);
      const scheduled = await assure('north', 'oversight', 'meetings', 'schedule', '02N', '--on', today);
      assert.equal(scheduled.status, 0, scheduled.stderr);
      assert.match(scheduled.stdout, /^Scheduled checkpoint meeting \(video call\) with 02N on \d{4}-\d{2}-\d{2} as meeting /);
      meetingId = ID.exec(scheduled.stdout)?.[0] ?? '';
      const listed = await assure('airedale', 'oversight', 'meetings', 'list', '02N');
      assert.equal(listed.status, 0, listed.stderr);
      assert.match(listed.stdout, /NHS Airedale, Wharfedale and Craven CCG \(02N\): standard assurance\./);
      assert.ok(listed.stdout.includes(meetingId));
      assert.equal((await assure('bradford', 'oversight', 'meetings', 'list', '02N')).status, 2);
      const shown = await assure('airedale', 'oversight', 'meetings', 'show', meetingId);
      assert.match(shown.stdout, /Agenda \(No meeting was held before this one in the assurance year/);
      const json = JSON.parse((await assure('north', 'oversight', 'meetings', 'show', meetingId, '--format', 'json')).stdout) as { meeting: { version: number } };
      assert.equal(json.meeting.version, 1);
    });

    it('records it with attendees, minutes and actions, naming what is missing', async () => {
      const base = ['oversight', 'meetings', 'record', meetingId, '--expected-version', '1', '--held-on', today, '--attendee', 'Sam Lead|NHS England North|Head of assurance'];
      const missing = await assure('north', ...base);
      assert.equal(missing.status, 2);
      assert.match(missing.stderr, /minutes.*Write the minutes/);
      assert.equal((await assure('north', ...base, '--attendee', 'only a name')).status, 2, 'a row is three parts');
      const minutes = path.join(dir, 'minutes.txt');
      fs.writeFileSync(minutes, 'Month 7 finance reviewed.\nRecovery plan agreed.');
      const recorded = await assure('north', ...base, '--minutes-file', minutes, '--action', `Send the recovery plan|CCG chief finance officer|${addDays(today, 10)}`);
      assert.equal(recorded.status, 0, recorded.stderr);
      assert.match(recorded.stdout, /^Recorded meeting .* as held on .* \(now version 2\): 1 action\(s\) agreed, 0 concern\(s\) raised\.\n$/);
      const stale = await assure('north', ...base, '--minutes', 'Stale.');
      assert.equal(stale.status, 2);
      assert.match(stale.stderr, /north <north@test\.assure\.example> changed this meeting \(now version 2\)/);
      const shown = await assure('airedale', 'oversight', 'meetings', 'show', meetingId);
      assert.match(shown.stdout, /Month 7 finance reviewed\.\nRecovery plan agreed\./);
      actionId = ID.exec(shown.stdout.slice(shown.stdout.indexOf('Actions:')))?.[0] ?? '';
      assert.notEqual(actionId, '');
    });

    it('lists and moves actions on (the CCG too), refusing a stale version', async () => {
      const listed = await assure('north', 'oversight', 'actions', 'list', '--status', 'due-soon');
      assert.equal(listed.status, 0, listed.stderr);
      assert.ok(listed.stdout.includes(actionId));
      const update = ['oversight', 'actions', 'update', actionId, '--expected-version', '1', '--status', 'done', '--reason', 'Plan sent.'];
      assert.equal((await assure('bradford', ...update)).status, 2, 'another CCG is told it is not there');
      const done = await assure('airedale', ...update);
      assert.equal(done.status, 0, done.stderr);
      assert.match(done.stdout, /is done, due .* \(now version 2\)/);
      const stale = await assure('north', ...update);
      assert.equal(stale.status, 2);
      assert.match(stale.stderr, /airedale <airedale@test\.assure\.example> changed this action \(now version 2\)/);
      const json = JSON.parse((await assure('airedale', 'oversight', 'actions', 'list', '02N', '--format', 'json')).stdout) as { status: string }[];
      assert.deepEqual(json.map((action) => action.status), ['done']);
    });

    it('cancels a meeting with a reason, and prints the reminder CSV', async () => {
      const scheduled = await assure('north', 'oversight', 'meetings', 'schedule', '02N', '--on', addDays(today, 30), '--kind', 'visit', '--meeting-format', 'face-to-face');
      const id = ID.exec(scheduled.stdout)?.[0] ?? '';
      assert.equal((await assure('north', 'oversight', 'meetings', 'cancel', id, '--expected-version', '1', '--reason', ' ')).status, 2);
      const cancelled = await assure('north', 'oversight', 'meetings', 'cancel', id, '--expected-version', '1', '--reason', 'Moved to the next month.');
      assert.equal(cancelled.status, 0, cancelled.stderr);
      assert.match(cancelled.stdout, /^Cancelled meeting .* \(now version 2\)\.\n$/);
      const reminders = await assure('north', 'oversight', 'reminders');
      assert.equal(reminders.status, 0, reminders.stderr);
      assert.match(reminders.stdout, /^due_on,status,organisation_code,region_code,case_id,item,by,description\n/);
      assert.match(reminders.stdout, /,02T,Y54,,checkpoint meeting due,nhs-england,/);
      assert.doesNotMatch(reminders.stdout, /,Y56,/);
      const out = path.join(dir, 'reminders.csv');
      assert.equal((await assure('airedale', 'oversight', 'reminders', '--out', out)).status, 0);
      assert.doesNotMatch(fs.readFileSync(out, 'utf8'), /,02T,/, 'a CCG sees its own reminders only');
      const written = fs.readFileSync(out, 'utf8');
      const again = await assure('north', 'oversight', 'reminders', '--out', out);
      assert.equal(again.status, 2, 'an existing file is bad input');
      assert.match(again.stderr, /file already exists.*nothing was written/);
      assert.equal(fs.readFileSync(out, 'utf8'), written, 'the file is left as it was');
    });
  });
}
