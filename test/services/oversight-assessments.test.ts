import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/connect.ts';
import { listAuditEvents } from '../../src/db/repositories/audit-events.ts';
import { syntheticPdf } from '../../src/domain/demo/evidence-documents.ts';
import { InputError } from '../../src/domain/csv/decode.ts';
import { NotPermittedError } from '../../src/domain/policy/decision.ts';
import { ConflictError, NotFoundError } from '../../src/services/errors.ts';
import { installShippedFrameworks } from '../../src/services/frameworks.ts';
import { organisationYear, recordAssessment, showAssessment } from '../../src/services/oversight/assessments.ts';
import { assuranceYears, openAssuranceYear } from '../../src/services/oversight/assurance-years.ts';
import { designateEconomy, endDesignation, organisationDesignations } from '../../src/services/oversight/designations.ts';
import { registerEvidence, targetEvidence } from '../../src/services/oversight/evidence.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { testUser } from '../support/identity.ts';

const analyst = testUser('analyst', { role: 'national-analyst' });
const northLead = testUser('north-lead', { role: 'regional-lead', regionCode: 'Y54' });
const otherNorthLead = testUser('deputy-lead', { role: 'regional-lead', regionCode: 'Y54' });
const londonLead = testUser('london-lead', { role: 'regional-lead', regionCode: 'Y56' });
const airedale = testUser('airedale', { role: 'ccg-user', organisationCode: '02N' });
const AT = new Date('2016-08-15T09:00:00Z');

async function problems(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof InputError) return error.problems.map((problem) => `${problem.field ?? ''}: ${problem.message}`);
    throw error;
  }
  assert.fail('expected an InputError');
}

for (const engine of testEngines()) {
  describe(`assurance years and quarterly assessments on ${engine}`, () => {
    let database: Database;
    let assessmentId = '';
    const first = { organisationCode: '02N', yearId: '2016-17', quarter: 1, component: 'finance', level: 'good', narrative: 'On plan at month 3; control total agreed.', at: AT };

    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await installShippedFrameworks(database.db);
    });
    after(() => database.close());

    it('opens a year (national analysts) with the framework’s domains as its components', async () => {
      await assert.rejects(openAssuranceYear(database.db, northLead, { yearId: '2016-17', frameworkVersionId: 'ccg-af-2015-16@1' }), NotPermittedError);
      assert.deepEqual(await problems(openAssuranceYear(database.db, analyst, { yearId: '2016-18', frameworkVersionId: 'nothing@1' })), [
        'yearId: 2016-18 is not an assurance year written like 2026-27',
        'frameworkVersionId: There is no framework version nothing@1; `assure frameworks list` shows those loaded',
      ]);
      const year = await openAssuranceYear(database.db, analyst, { yearId: '2016/17', frameworkVersionId: 'ccg-af-2015-16@1', at: AT });
      assert.equal(year.dates.startsOn, '2016-04-01');
      assert.equal(year.dates.endsOn, '2017-03-31');
      assert.deepEqual(year.components.map((component) => component.id), ['well-led', 'performance', 'finance', 'planning', 'delegated-functions']);
      await assert.rejects(openAssuranceYear(database.db, analyst, { yearId: '2016-17', frameworkVersionId: 'ccg-af-2015-16@1' }), ConflictError);
      assert.deepEqual((await assuranceYears(database.db, airedale)).map((candidate) => candidate.stored.id), ['2016-17']);
    });

    it('records the region’s assessment of a component for a quarter, checking every field', async () => {
      await assert.rejects(recordAssessment(database.db, airedale, first), NotPermittedError, 'a CCG does not assess itself');
      await assert.rejects(recordAssessment(database.db, londonLead, first), NotFoundError, 'another region’s lead is told nothing');
      assert.deepEqual(await problems(recordAssessment(database.db, northLead, { ...first, quarter: 3, component: 'finance', level: 'excellent', narrative: ' ' })), [
        'quarter: Q3 (October to December 2016) has not begun (today is 2016-08-15); a quarter is assessed once it has begun',
        'level: excellent is not on the Assurance rating scale: choose outstanding, good, requires-improvement, inadequate',
        'narrative: Write the narrative: what the assessment rests on',
      ]);
      const recorded = await recordAssessment(database.db, northLead, first);
      assert.equal(recorded.kind, 'recorded');
      assessmentId = recorded.assessment.id;
      assert.equal(recorded.assessment.version, 1);
      const year = await organisationYear(database.db, airedale, '02N', { at: AT });
      assert.ok(year.year !== null && 'rows' in year);
      const finance = year.rows.find((row) => row.component.id === 'finance');
      assert.equal(finance?.cells[0]?.level?.label, 'Good');
      assert.equal(finance.cells[1]?.assessment, null);
      assert.equal(year.mayAssess, false);
      assert.deepEqual(year.assessableQuarters.map((quarter) => quarter.quarter), [1, 2]);
    });

    it('changes an assessment only with a reason and from its current version, keeping every version', async () => {
      const change = { ...first, level: 'requires-improvement', narrative: 'Forecast now £1.2m off plan.' };
      assert.deepEqual(await problems(recordAssessment(database.db, northLead, { ...change, expectedVersion: 1 })), ['reason: Say why the assessment is changed: the history keeps every version with its reason']);
      await assert.rejects(recordAssessment(database.db, northLead, { ...change, reason: 'Month 4 return.' }), ConflictError, 'a change names the version it started from');
      const changed = await recordAssessment(database.db, northLead, { ...change, reason: 'Month 4 return.', expectedVersion: 1 });
      assert.equal(changed.kind, 'changed');
      assert.equal(changed.assessment.version, 2);
      await assert.rejects(
        recordAssessment(database.db, otherNorthLead, { ...change, level: 'inadequate', reason: 'Stale edit.', expectedVersion: 1 }),
        (error: unknown) => error instanceof ConflictError && /north-lead .* changed this assessment \(now version 2\)/.test(error.message),
      );
      const detail = await showAssessment(database.db, airedale, assessmentId);
      assert.deepEqual(detail.history.map((version) => [version.version, version.levelLabel, version.reason]), [
        [2, 'Requires improvement', 'Month 4 return.'],
        [1, 'Good', 'First assessment of this component for the quarter.'],
      ]);
      assert.equal((await listAuditEvents(database.db, { objectId: assessmentId }, { limit: 10, offset: 0 })).length, 2);
      await assert.rejects(showAssessment(database.db, londonLead, assessmentId), NotFoundError);
    });

    it('links the CCG’s own documents as the assessment’s evidence, and no one else’s', async () => {
      const own = await registerEvidence(database.db, airedale, { organisationCode: '02N', title: 'Month 4 finance report', kind: 'board-papers', documentDate: '2016-08-10', fileName: 'm4.pdf', content: syntheticPdf('Month 4', ['x']), at: AT });
      const other = await registerEvidence(database.db, analyst, { organisationCode: '02T', title: 'Bradford papers', kind: 'board-papers', documentDate: '2016-08-10', fileName: 'b.pdf', content: syntheticPdf('Bradford', ['y']), at: AT });
      const change = { ...first, level: 'requires-improvement', narrative: 'Forecast now £1.2m off plan.', reason: 'The papers.', expectedVersion: 2 };
      assert.match((await problems(recordAssessment(database.db, northLead, { ...change, evidenceDocumentIds: [other.document.id] })))[0] ?? '', /^evidence: There is no document .* in NHS Airedale, Wharfedale and Craven CCG’s local evidence/);
      const linked = await recordAssessment(database.db, northLead, { ...change, evidenceDocumentIds: [own.document.id] });
      assert.equal(linked.assessment.version, 3);
      assert.deepEqual((await targetEvidence(database.db, airedale, 'assessment', assessmentId)).linked.map((document) => document.title), ['Month 4 finance report']);
    });

    it('designates a distressed economy and ends it from its current version', async () => {
      await assert.rejects(designateEconomy(database.db, airedale, { organisationCode: '02N', startsOn: '2016-07-01', reason: 'x' }), NotPermittedError);
      assert.deepEqual(await problems(designateEconomy(database.db, northLead, { organisationCode: '02N', startsOn: '2016-07-01', endsOn: '2016-06-01', reason: '' })), [
        'endsOn: The end 2016-06-01 is before the start 2016-07-01',
        'reason: Say why: the designation changes how often the CCG is met',
      ]);
      const designation = await designateEconomy(database.db, northLead, { organisationCode: '02N', startsOn: '2016-07-01', reason: 'The local acute trust is in financial special measures.', at: AT });
      assert.equal(designation.endsOn, null);
      const ended = await endDesignation(database.db, analyst, designation.id, { endsOn: '2017-03-31', reason: 'The trust left special measures.', expectedVersion: 1 });
      assert.equal(ended.endsOn, '2017-03-31');
      assert.equal(ended.reason, 'The local acute trust is in financial special measures.', 'the designation keeps why it was made');
      await assert.rejects(endDesignation(database.db, analyst, designation.id, { endsOn: '2017-03-31', reason: 'Again.', expectedVersion: 1 }), ConflictError);
      assert.equal((await organisationDesignations(database.db, airedale, '02N')).designations.length, 1);
    });

    it('refuses a second designation of a CCG on a day one already covers, and an end that would run into the next', async () => {
      // 02N is designated from 2016-07-01 to 2017-03-31 by the test above.
      assert.deepEqual(await problems(designateEconomy(database.db, northLead, { organisationCode: '02N', startsOn: '2017-03-31', reason: 'The trust is back in special measures.' })), [
        'startsOn: The CCG is already designated from 2016-07-01 to 2017-03-31: a CCG is in a distressed health economy once at a time, so end or change that designation first',
      ]);
      const next = await designateEconomy(database.db, northLead, { organisationCode: '02N', startsOn: '2017-06-01', reason: 'The trust is back in special measures.', at: AT });
      const [, first] = (await organisationDesignations(database.db, airedale, '02N')).designations;
      assert.ok(first !== undefined);
      assert.equal(first.endsOn, '2017-03-31');
      assert.deepEqual(await problems(endDesignation(database.db, analyst, first.id, { endsOn: '2017-06-30', reason: 'Longer.', expectedVersion: first.version })), [
        'endsOn: The CCG is already designated from 2017-06-01, with no end: a CCG is in a distressed health economy once at a time, so end or change that designation first',
      ]);
      assert.deepEqual((await organisationDesignations(database.db, airedale, '02N')).designations.map((designation) => [designation.startsOn, designation.endsOn]), [
        [next.startsOn, null],
        ['2016-07-01', '2017-03-31'],
      ], 'nothing was changed by the refusals');
    });
  });
}
