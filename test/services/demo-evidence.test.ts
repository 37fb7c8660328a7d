import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/connect.ts';
import { findEvidenceContent } from '../../src/db/repositories/evidence-documents.ts';
import { RISING_DEMO_CCGS } from '../../src/domain/demo/oversight-story.ts';
import { SYNTHETIC_NOTICE } from '../../src/domain/demo/evidence-documents.ts';
import { createDemoAccounts } from '../../src/services/identity/demo-accounts.ts';
import { installDemoEvidence } from '../../src/services/oversight/demo-evidence.ts';
import { listEvidence } from '../../src/services/oversight/evidence.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { testUser } from '../support/identity.ts';

const analyst = testUser('analyst', { role: 'national-analyst' });

for (const engine of testEngines()) {
  describe(`the demo local evidence on ${engine}`, () => {
    let database: Database;
    const now = new Date();
    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await createDemoAccounts(database.db, { now });
    });
    after(() => database.close());

    it('registers synthetic documents once: the demo CCG’s board papers, and audit and finance papers of the CCGs whose risk rises', async () => {
      await installDemoEvidence(database.db, now);
      await installDemoEvidence(database.db, now);
      const own = await listEvidence(database.db, analyst, '02N');
      assert.deepEqual(own.documents.map((document) => [document.kind, document.addedBy]), [['board-papers', 'Demo CCG User <ccg@demo.assure.example>']]);
      for (const code of RISING_DEMO_CCGS) {
        const documents = (await listEvidence(database.db, analyst, code)).documents;
        assert.deepEqual(documents.map((document) => document.kind).toSorted(), ['financial-plan', 'internal-audit']);
        for (const document of documents) {
          const content = Buffer.from((await findEvidenceContent(database.db, document.id)) ?? new Uint8Array()).toString('latin1');
          assert.ok(content.includes(SYNTHETIC_NOTICE), `${document.fileName} says it is synthetic`);
        }
      }
    });
  });
}
