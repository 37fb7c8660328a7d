import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/connect.ts';
import { listAuditEvents } from '../../src/db/repositories/audit-events.ts';
import { syntheticCsv, syntheticPdf } from '../../src/domain/demo/evidence-documents.ts';
import { InputError } from '../../src/domain/csv/decode.ts';
import { NotPermittedError } from '../../src/domain/policy/decision.ts';
import { NotFoundError } from '../../src/services/errors.ts';
import {
  downloadEvidence,
  type EvidenceRegistration,
  linkEvidence,
  listEvidence,
  registerEvidence,
  showEvidence,
  targetEvidence,
  unlinkEvidence,
} from '../../src/services/oversight/evidence.ts';
import { openCase } from '../../src/services/special-measures/cases.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { testUser } from '../support/identity.ts';

const analyst = testUser('analyst', { role: 'national-analyst' });
const auditor = testUser('auditor', { role: 'auditor' });
const northLead = testUser('north-lead', { role: 'regional-lead', regionCode: 'Y54' });
const londonLead = testUser('london-lead', { role: 'regional-lead', regionCode: 'Y56' });
const airedale = testUser('airedale', { role: 'ccg-user', organisationCode: '02N' });
const bradford = testUser('bradford', { role: 'ccg-user', organisationCode: '02T' });
const AT = new Date('2026-06-01T09:00:00Z');

const BOARD_PAPERS = syntheticPdf('Governing body papers, May 2026', ['Finance report', 'Quality report']);

function registration(overrides: Partial<EvidenceRegistration> = {}): EvidenceRegistration {
  return { organisationCode: '02N', title: 'Governing body papers, May 2026', kind: 'board-papers', documentDate: '2026-05-12', fileName: 'gb-papers.pdf', content: BOARD_PAPERS, at: AT, ...overrides };
}

/** The problems an InputError names, as field: message. */
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
  describe(`local evidence on ${engine}`, () => {
    let database: Database;
    let documentId = '';
    let caseId = '';

    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      caseId = (await openCase(database.db, northLead, { organisationCode: '02N', reason: 'Evidence test case.' })).id;
    });
    after(() => database.close());

    it('registers a document with its SHA-256, the type read from its content, and an audit event', async () => {
      const outcome = await registerEvidence(database.db, airedale, registration());
      assert.equal(outcome.kind, 'registered');
      documentId = outcome.document.id;
      assert.equal(outcome.document.mediaType, 'application/pdf');
      assert.equal(outcome.document.sha256, createHash('sha256').update(BOARD_PAPERS).digest('hex'));
      assert.equal(outcome.document.sizeBytes, BOARD_PAPERS.length);
      const download = await downloadEvidence(database.db, northLead, documentId);
      assert.deepEqual(Buffer.from(download.content), Buffer.from(BOARD_PAPERS));
      assert.match(download.contentDisposition, /^attachment; filename="gb-papers\.pdf"$/);
      const events = await listAuditEvents(database.db, { action: 'oversight.evidence.add' }, { limit: 10, offset: 0 });
      assert.equal(events.length, 1);
      assert.equal(events[0]?.object.id, documentId);
    });

    it('recognises the same file registered again for the CCG and stores nothing', async () => {
      const again = await registerEvidence(database.db, northLead, registration({ title: 'The same papers again', fileName: 'copy.pdf' }));
      assert.equal(again.kind, 'recognised');
      assert.equal(again.document.id, documentId);
      assert.equal((await listEvidence(database.db, analyst, '02N')).documents.length, 1);
      assert.equal((await listAuditEvents(database.db, { action: 'oversight.evidence.add' }, { limit: 10, offset: 0 })).length, 1);
    });

    it('names every problem by field and writes nothing', async () => {
      const found = await problems(registerEvidence(database.db, analyst, registration({ title: ' ', kind: 'minutes', documentDate: '2026-07-01', content: new TextEncoder().encode('#!/bin/sh\nrm -rf /\n'), fileName: 'report.pdf' })));
      assert.equal(found.length, 4, found.join('\n'));
      assert.match(found[0] ?? '', /^title: Enter the document’s title/);
      assert.match(found[1] ?? '', /^kind: minutes is not a kind of document/);
      assert.match(found[2] ?? '', /^documentDate: The document’s date 2026-07-01 is in the future \(today is 2026-06-01\)/);
      assert.match(found[3] ?? '', /^file: report\.pdf is a script/);
      assert.equal((await listEvidence(database.db, analyst, '02N')).documents.length, 1);
    });

    it('refuses those who may not add, and hides the CCG from those who do not see it', async () => {
      await assert.rejects(registerEvidence(database.db, auditor, registration({ content: syntheticCsv([['a']]), fileName: 'a.csv' })), NotPermittedError);
      await assert.rejects(registerEvidence(database.db, bradford, registration({ content: syntheticCsv([['b']]), fileName: 'b.csv' })), NotFoundError);
      await assert.rejects(registerEvidence(database.db, londonLead, registration({ content: syntheticCsv([['c']]), fileName: 'c.csv' })), NotFoundError);
      await assert.rejects(showEvidence(database.db, bradford, documentId), NotFoundError);
      await assert.rejects(downloadEvidence(database.db, londonLead, documentId), NotFoundError);
      assert.equal((await showEvidence(database.db, auditor, documentId)).mayLink, false, 'an auditor reads but does not link');
    });

    it('links a document to a case of its own CCG only, once, and unlinks it with the audit trail', async () => {
      assert.equal(await linkEvidence(database.db, northLead, documentId, { targetType: 'case', targetId: caseId }, { at: AT }), 'linked');
      assert.equal(await linkEvidence(database.db, northLead, documentId, { targetType: 'case', targetId: caseId }, { at: AT }), 'unchanged');
      const detail = await showEvidence(database.db, airedale, documentId);
      assert.deepEqual(detail.links.map((link) => [link.targetType, link.targetId]), [['case', caseId]]);
      const section = await targetEvidence(database.db, airedale, 'case', caseId);
      assert.deepEqual(section.linked.map((document) => document.id), [documentId]);
      assert.deepEqual(section.linkable, []);

      const otherCase = (await openCase(database.db, northLead, { organisationCode: '02T', reason: 'Another CCG’s case.' })).id;
      const refused = await problems(linkEvidence(database.db, northLead, documentId, { targetType: 'case', targetId: otherCase }));
      assert.match(refused[0] ?? '', /^targetId: There is no special-measures case .* of NHS Airedale, Wharfedale and Craven CCG \(02N\)/);
      assert.match((await problems(linkEvidence(database.db, northLead, documentId, { targetType: 'minutes', targetId: caseId })))[0] ?? '', /^targetType: minutes is not something a document can be linked to/);
      await assert.rejects(linkEvidence(database.db, auditor, documentId, { targetType: 'case', targetId: caseId }), NotPermittedError);

      await unlinkEvidence(database.db, airedale, documentId, { targetType: 'case', targetId: caseId }, { at: AT });
      assert.deepEqual((await showEvidence(database.db, analyst, documentId)).links, []);
      await assert.rejects(unlinkEvidence(database.db, airedale, documentId, { targetType: 'case', targetId: caseId }), NotFoundError);
      assert.deepEqual(
        (await listAuditEvents(database.db, { objectId: documentId }, { limit: 10, offset: 0 })).map((event) => event.action).toSorted(),
        ['oversight.evidence.add', 'oversight.evidence.link', 'oversight.evidence.unlink'],
      );
    });

    it('shows a record’s evidence only to those who see its CCG', async () => {
      const hidden = await targetEvidence(database.db, bradford, 'case', caseId);
      assert.deepEqual(hidden, { linked: [], linkable: [], mayLink: false });
      const lead = await targetEvidence(database.db, northLead, 'case', caseId);
      assert.equal(lead.mayLink, true);
      assert.deepEqual(lead.linkable.map((document) => document.id), [documentId]);
    });
  });
}
