import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.ts';
import { listOrganisationEvidence } from '../../src/db/repositories/evidence-documents.ts';
import { syntheticPdf } from '../../src/domain/demo/evidence-documents.ts';
import { openCase } from '../../src/services/special-measures/cases.ts';
import { buildTestApp } from '../support/app.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { createPersonas, signInAs, type TestClient, testUser } from '../support/identity.ts';
import { upload } from '../support/uploads.ts';

// Local evidence as its users meet it: a CCG registers its board papers from the page, its region's lead links
// them to the CCG's special-measures case from the case page, and a download is always an attachment.

const PAPERS = syntheticPdf('Governing body papers, May 2016', ['Finance report']);
const DOCUMENT_PAGE = /^\/oversight\/evidence\/([0-9a-f-]{36})\?done=registered$/;

function text(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/&#39;|&rsquo;|’/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

for (const engine of testEngines()) {
  describe(`local evidence pages and API on ${engine}`, () => {
    let database: Database;
    let app: FastifyInstance;
    let ownCcg: TestClient;
    let otherCcg: TestClient;
    let northLead: TestClient;
    let auditor: TestClient;
    let caseId = '';
    let documentId = '';

    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await createPersonas(database.db);
      caseId = (await openCase(database.db, testUser('lead', { role: 'regional-lead', regionCode: 'Y54' }), { organisationCode: '02N', reason: 'Evidence pages.' })).id;
      app = await buildTestApp(database);
      ownCcg = await signInAs(app, 'ccg-user 02N (own organisation)');
      otherCcg = await signInAs(app, 'ccg-user 02T (other organisation, same region)');
      northLead = await signInAs(app, 'regional-lead Y54 (own region)');
      auditor = await signInAs(app, 'auditor');
    });
    after(async () => {
      await app.close();
      await database.close();
    });

    it('registers a document from the page and shows it with its fingerprint', async () => {
      const fields = { title: 'Governing body papers, May 2016', kind: 'board-papers', documentDate: '2016-05-12' };
      const response = await upload(app, ownCcg, '/oversight/organisations/02N/evidence', fields, { name: 'gb-papers.pdf', text: PAPERS });
      assert.equal(response.statusCode, 303, response.body);
      const location = String(response.headers.location);
      documentId = DOCUMENT_PAGE.exec(location)?.[1] ?? '';
      assert.notEqual(documentId, '', location);
      const page = text((await ownCcg.get(location)).body);
      assert.match(page, /The document was registered/);
      assert.match(page, /Governing body papers, May 2016/);
      assert.match(page, /gb-papers\.pdf \(PDF document, /);
      assert.ok(page.includes(createHash('sha256').update(PAPERS).digest('hex')));
      assert.match(text((await ownCcg.get('/oversight/organisations/02N/evidence')).body), /Governing body papers, May 2016 Board papers 12 May 2016/);
    });

    it('lists every problem of a bad registration beside its field and stores nothing', async () => {
      const response = await upload(app, ownCcg, '/oversight/organisations/02N/evidence', { title: '', kind: '', documentDate: '12/05/2016' }, { name: 'macro.docm', text: new Uint8Array([0x4d, 0x5a, 0x90, 0x00]) });
      assert.equal(response.statusCode, 422);
      const page = text(response.body);
      assert.match(page, /There is a problem/);
      assert.match(page, /Enter the document's title/);
      assert.match(page, /Choose what kind of document it is/);
      assert.match(page, /12\/05\/2016 is not a real date written YYYY-MM-DD/);
      assert.match(page, /macro\.docm is a Windows program/);
      assert.equal((await listOrganisationEvidence(database.db, '02N')).length, 1);
    });

    it('refuses another CCG’s upload before reading it, and hides the document from it', async () => {
      const refused = await upload(app, otherCcg, '/oversight/organisations/02N/evidence', { title: 'x', kind: 'other', documentDate: '2016-05-12' }, { name: 'x.pdf', text: PAPERS });
      assert.equal(refused.statusCode, 404);
      assert.equal((await upload(app, auditor, '/oversight/organisations/02N/evidence', { title: 'x', kind: 'other', documentDate: '2016-05-12' }, { name: 'x.pdf', text: PAPERS })).statusCode, 403);
      assert.equal((await otherCcg.get(`/oversight/evidence/${documentId}`)).statusCode, 404);
      assert.equal((await otherCcg.get(`/oversight/evidence/${documentId}/download`)).statusCode, 404);
    });

    it('downloads the file as stored, always as an attachment that is never run', async () => {
      const response = await auditor.get(`/oversight/evidence/${documentId}/download`);
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.rawPayload, Buffer.from(PAPERS));
      assert.equal(response.headers['content-type'], 'application/pdf');
      assert.equal(response.headers['content-disposition'], 'attachment; filename="gb-papers.pdf"');
      assert.equal(response.headers['x-content-type-options'], 'nosniff');
      assert.match(String(response.headers['content-security-policy']), /sandbox/);
    });

    it('links the document from the case page and back to it', async () => {
      const before = await northLead.get(`/cases/${caseId}`);
      assert.match(text(before.body), /Local evidence No documents are linked as evidence/);
      assert.match(before.body, new RegExp(`<option value="${documentId}">Governing body papers, May 2016 \\(Board papers, 12 May 2016\\)</option>`));
      const linked = await northLead.post('/oversight/evidence/links', { documentId, targetType: 'case', targetId: caseId, returnTo: `/cases/${caseId}#evidence` });
      assert.equal(linked.statusCode, 303);
      assert.equal(linked.headers.location, `/cases/${caseId}?done=linked#evidence`);
      const after = text((await northLead.get(`/cases/${caseId}?done=linked`)).body);
      assert.match(after, /The document is linked as evidence for this case/);
      assert.match(after, /Local evidence Documents linked as evidence Document Kind Date File Added by Governing body papers, May 2016/);
      assert.match(text((await ownCcg.get(`/oversight/evidence/${documentId}`)).body), /Evidence for Special-measures case/);

      const elsewhere = await northLead.post('/oversight/evidence/links', { documentId, targetType: 'case', targetId: '00000000-0000-4000-8000-000000000000', returnTo: 'https://example.org/' });
      assert.equal(elsewhere.statusCode, 422);
      assert.match(text(elsewhere.body), /There is no special-measures case 00000000-0000-4000-8000-000000000000 of NHS Airedale, Wharfedale and Craven CCG \(02N\)/);
    });

    it('registers and reads over the API', async () => {
      const bytes = new TextEncoder().encode('Internal audit: 3 findings, none of them about financial controls.\n');
      const created = await upload(app, northLead, '/api/v1/oversight/organisations/02N/evidence', { title: 'Internal audit summary 2015/16', kind: 'internal-audit', documentDate: '2016-04-30' }, { name: 'audit.txt', text: bytes });
      assert.equal(created.statusCode, 201, created.body);
      const body = created.json<{ outcome: string; data: { id: string; mediaType: string; links: { content: string } } }>();
      assert.equal(body.outcome, 'registered');
      assert.equal(body.data.mediaType, 'text/plain');
      const again = await upload(app, ownCcg, '/api/v1/oversight/organisations/02N/evidence', { title: 'Same file', kind: 'other', documentDate: '2016-04-30' }, { name: 'copy.txt', text: bytes });
      assert.equal(again.statusCode, 200);
      assert.equal(again.json<{ outcome: string }>().outcome, 'recognised');
      const list = await ownCcg.get('/api/v1/oversight/organisations/02N/evidence');
      assert.deepEqual(list.json<{ data: { title: string }[] }>().data.map((document) => document.title).toSorted(), ['Governing body papers, May 2016', 'Internal audit summary 2015/16']);
      const detail = await ownCcg.get(`/api/v1/oversight/evidence/${documentId}`);
      assert.deepEqual(detail.json<{ data: { evidenceFor: { targetType: string; targetId: string }[] } }>().data.evidenceFor.map((link) => `${link.targetType}:${link.targetId}`), [`case:${caseId}`]);
      const bad = await upload(app, ownCcg, '/api/v1/oversight/organisations/02N/evidence', { title: 'Archive', kind: 'other', documentDate: '2016-04-30' }, { name: 'papers.zip', text: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]) });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.json<{ errors: { name: string; reason: string }[] }>().errors[0]?.reason ?? '', /papers\.zip/);
    });
  });
}
