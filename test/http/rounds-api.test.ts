import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.ts';
import { buildApp } from '../../src/http/app.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { createPersonas, signInAs } from '../support/identity.ts';
import { installRatingData } from '../support/ratings.ts';

for (const engine of testEngines()) {
  describe(`rounds API on ${engine}`, () => {
    let database: Database;
    let app: FastifyInstance;
    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await createPersonas(database.db);
      await installRatingData(database.db);
      app = await buildApp({ db: database.db, logger: false });
    });
    after(async () => {
      await app.close();
      await database.close();
    });

    it('runs a round over JSON, showing each CCG only proposals about itself and refusing steps out of turn', async () => {
      const analyst = await signInAs(app, 'national-analyst');
      const created = await analyst.post('/api/v1/rounds', { title: 'API round', frameworkVersionId: 'ccg-af-2015-16@1', variant: 'final-2015', dataset: 'demo-2016' });
      assert.equal(created.statusCode, 201, created.body);
      const round = created.json<{ data: { id: string; stage: string; nextSteps: string[] } }>().data;
      assert.equal(round.stage, 'draft');
      assert.deepEqual(round.nextSteps, ['open-regional-review']);

      const opened = await analyst.post(`/api/v1/rounds/${round.id}/steps`, { command: 'open-regional-review' });
      assert.equal(opened.statusCode, 200, opened.body);
      assert.match(opened.json<{ data: { stageDueAt: string } }>().data.stageDueAt, /T2[23]:59:59\.999Z$/, "the end of a London day");

      const lead = await signInAs(app, 'regional-lead Y54 (own region)');
      const proposed = await lead.post(`/api/v1/rounds/${round.id}/proposals`, { organisationCode: '02N', level: 'inadequate', rationale: 'The panel met the CCG.' });
      assert.equal(proposed.statusCode, 201, proposed.body);

      const proposalsSeenBy = async (persona: Parameters<typeof signInAs>[1]) =>
        (await (await signInAs(app, persona)).get(`/api/v1/rounds/${round.id}`)).json<{ data: { proposals: unknown[] } }>().data.proposals.length;
      assert.equal(await proposalsSeenBy('ccg-user 02N (own organisation)'), 1);
      assert.equal(await proposalsSeenBy('ccg-user 02T (other organisation, same region)'), 0);

      const committee = await signInAs(app, 'committee-member');
      const early = await committee.post(`/api/v1/rounds/${round.id}/steps`, { command: 'sign-off' });
      assert.equal(early.statusCode, 409);
      assert.match(early.json<{ detail: string }>().detail, /cannot sign off; it can close regional review/);
      assert.equal((await analyst.post(`/api/v1/rounds/${round.id}/steps`, { command: 'sign-off' })).statusCode, 403);
    });
  });
}
