import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.ts';
import { buildApp } from '../../src/http/app.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { anonymousClient, createPersonas, type Persona, signInAs } from '../support/identity.ts';

function navigation(html: string): string[] {
  const header = /<header[\s\S]*?<\/header>/.exec(html)?.[0] ?? '';
  return [...header.matchAll(/<a\s+class="nhsuk-header__(?:navigation|account)-link" href="([^"]+)"/g)].map((match) => match[1] ?? '');
}

for (const engine of testEngines()) {
  describe(`page header on ${engine}`, () => {
    let database: Database;
    let app: FastifyInstance;
    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      app = await buildApp({ db: database.db, logger: false, security: { signInAttemptsPerMinute: 1000 } });
      await createPersonas(database.db);
    });
    after(async () => {
      await app.close();
      await database.close();
    });

    it('offers sign-in to the public', async () => {
      const html = (await (await anonymousClient(app)).get('/')).body;
      assert.deepEqual(navigation(html), ['/sign-in', '/scorecard', '/special-measures', '/organisations', '/frameworks', '/api/openapi.json']);
    });

    const expected: [Persona, string[]][] = [
      ['admin', ['/account', '/sign-out', '/scorecard', '/special-measures', '/organisations', '/frameworks', '/api/openapi.json', '/jobs', '/admin/users']],
      ['auditor', ['/account', '/sign-out', '/scorecard', '/special-measures', '/organisations', '/frameworks', '/api/openapi.json', '/rounds', '/oversight', '/cases', '/directions', '/ratings', '/audit']],
      ['national-analyst', ['/account', '/sign-out', '/scorecard', '/special-measures', '/organisations', '/frameworks', '/api/openapi.json', '/rounds', '/oversight', '/cases', '/directions', '/ratings', '/data/imports', '/jobs', '/audit']],
      ['ccg-user 02N (own organisation)', ['/account', '/sign-out', '/scorecard', '/special-measures', '/organisations', '/frameworks', '/api/openapi.json', '/rounds', '/oversight', '/cases', '/directions']],
    ];
    for (const [persona, links] of expected) {
      it(`names ${persona} and links only the sections their roles open`, async () => {
        const html = (await (await signInAs(app, persona)).get('/')).body;
        assert.deepEqual(navigation(html), links);
        assert.match(html, new RegExp(`href="/account">[\\s\\S]*?${persona.replace(/[()]/g, '\\$&')}`));
      });
    }
  });
}
