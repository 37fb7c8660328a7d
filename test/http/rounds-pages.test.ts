import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.ts';
import { buildApp } from '../../src/http/app.ts';
import { getRound } from '../../src/services/rounds.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { createPersonas, signInAs, type TestClient } from '../support/identity.ts';
import { installRatingData, TEST_ANALYST } from '../support/ratings.ts';

const ROUND_URL = /^\/rounds\/([0-9a-f-]{36})\?done=created$/;

function text(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

function buttons(html: string): string[] {
  return [...html.matchAll(/name="command" value="([a-z-]+)"/g)].map((match) => match[1] ?? '');
}

for (const engine of testEngines()) {
  describe(`round pages on ${engine}`, () => {
    let database: Database;
    let app: FastifyInstance;
    // The pages read this clock, so the test can let the factual-accuracy window close.
    let now = new Date();
    let roundId = '';
    const clients = new Map<string, TestClient>();
    const as = async (persona: Parameters<typeof signInAs>[1]) => {
      const known = clients.get(persona);
      if (known !== undefined) return known;
      const client = await signInAs(app, persona);
      clients.set(persona, client);
      return client;
    };

    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await createPersonas(database.db);
      await installRatingData(database.db);
      app = await buildApp({ db: database.db, logger: false, clock: () => now });
    });
    after(async () => {
      await app.close();
      await database.close();
    });

    it('lets an analyst start a round from the list page; others see no form', async () => {
      const analyst = await as('national-analyst');
      assert.match((await analyst.get('/rounds')).body, /Start a round/);
      assert.doesNotMatch((await (await as('committee-member')).get('/rounds')).body, /Start a round/);
      const blank = await analyst.post('/rounds', { title: '', framework: 'ccg-af-2015-16@1', dataset: 'demo-2016' });
      assert.equal(blank.statusCode, 409);
      assert.match(blank.body, /There is a problem[\s\S]*A round needs a title/);
      const created = await analyst.post('/rounds', { title: 'Year end <2015/16>', framework: 'ccg-af-2015-16@1', variant: 'final-2015', dataset: 'demo-2016', checkDays: '2' });
      assert.equal(created.statusCode, 303);
      roundId = ROUND_URL.exec(String(created.headers.location))?.[1] ?? '';
      const page = await analyst.get(String(created.headers.location));
      assert.match(page.body, /Year end &lt;2015\/16&gt;/);
      assert.match(page.body, /The round has been created/);
      assert.match((await analyst.get('/rounds')).body, /Draft ratings computed/);
    });

    it('offers each viewer only the steps their roles allow', async () => {
      assert.deepEqual(buttons((await (await as('national-analyst')).get(`/rounds/${roundId}`)).body), ['open-regional-review']);
      assert.deepEqual(buttons((await (await as('committee-member')).get(`/rounds/${roundId}`)).body), []);
      const refused = await (await as('committee-member')).post(`/rounds/${roundId}/steps`, { command: 'open-regional-review' });
      assert.equal(refused.statusCode, 403);
      assert.equal((await (await as('national-analyst')).post(`/rounds/${roundId}/steps`, { command: 'open-regional-review' })).statusCode, 303);
    });

    it('takes a regional proposal from the region’s lead and moderation from the analyst', async () => {
      const lead = await as('regional-lead Y54 (own region)');
      const page = await lead.get(`/rounds/${roundId}`);
      assert.match(page.body, /Propose a different rating/);
      assert.match(page.body, /<option value="02N">/);
      assert.doesNotMatch(page.body, /<option value="08H">/, 'a London CCG is not in Y54');
      assert.equal((await lead.post(`/rounds/${roundId}/proposals`, { organisationCode: '02N', level: 'inadequate', rationale: 'The panel met the CCG.' })).statusCode, 303);
      const analyst = await as('national-analyst');
      assert.equal((await analyst.post(`/rounds/${roundId}/steps`, { command: 'close-regional-review' })).statusCode, 303);
      const early = await analyst.post(`/rounds/${roundId}/steps`, { command: 'open-factual-accuracy-check' });
      assert.equal(early.statusCode, 409);
      assert.match(early.body, /1 regional proposal is still to be accepted or rejected/);
      const moderation = await analyst.get(`/rounds/${roundId}`);
      assert.match(moderation.body, /02N: .* → Inadequate/, 'the change against the unmoderated draft');
      const whatIf = text(moderation.body);
      assert.match(moderation.body, /<h2 id="moderation-what-if">What moderation would change<\/h2>/);
      assert.match(whatIf, /1 CCGs would move; 208 keep their rating\./);
      assert.match(whatIf, /NHS Airedale, Wharfedale and Craven CCG \(02N\) .* Inadequate .* Awaiting a decision\. The panel met the CCG\./, 'each mover with its proposal’s rationale');
      assert.match(whatIf, /Accepted proposals only \(0\)/);
      assert.match(moderation.body, /id="moderation-all-proposals-title"/, 'the distributions before and after as a chart');
      assert.match(whatIf, /How many organisations move from each draft rating/, 'the transition matrix');
      for (const persona of ['committee-member', 'regional-lead Y54 (own region)'] as const) {
        assert.doesNotMatch((await (await as(persona)).get(`/rounds/${roundId}`)).body, /id="moderation-what-if"/, `${persona} does not moderate`);
      }
      const proposalId = /\/proposals\/([0-9a-f-]{36})\/decision/.exec(moderation.body)?.[1] ?? '';
      assert.equal((await analyst.post(`/rounds/${roundId}/proposals/${proposalId}/decision`, { decision: 'accept', note: 'Consistent with peers.' })).statusCode, 303);
      const decided = await analyst.get(`/rounds/${roundId}`);
      assert.match(text(decided.body), /Accepted proposals only \(1\)/);
      assert.match(text(decided.body), /NHS Airedale, Wharfedale and Craven CCG \(02N\) .* Inadequate .* Accepted by national-analyst &lt;[^&]+&gt;\. The panel met the CCG\./);
      assert.equal((await analyst.post(`/rounds/${roundId}/steps`, { command: 'open-factual-accuracy-check' })).statusCode, 303);
    });

    it('shows a CCG only its own draft, takes its comment, and refuses a late one with the deadline', async () => {
      const airedale = await as('ccg-user 02N (own organisation)');
      const own = await airedale.get(`/rounds/${roundId}/organisations/02N`);
      assert.equal(own.statusCode, 200);
      assert.match(own.body, /Inadequate/);
      assert.match(own.body, /Comments due by/);
      assert.match(own.body, /href="\/ratings\/[0-9a-f-]{36}\/organisations\/02N"/);
      assert.equal((await (await as('ccg-user 02T (other organisation, same region)')).get(`/rounds/${roundId}/organisations/02N`)).statusCode, 404);
      assert.equal((await (await as('ccg-user 02T (other organisation, same region)')).post(`/rounds/${roundId}/organisations/02N/comments`, { body: 'x' })).statusCode, 404);
      const sent = await airedale.post(`/rounds/${roundId}/organisations/02N/comments`, { body: 'Indicator 127c uses <last year’s> denominator.' });
      assert.equal(sent.statusCode, 303);
      const after = await airedale.get(String(sent.headers.location));
      assert.match(after.body, /Your comment has been sent/);
      assert.match(after.body, /Indicator 127c uses &lt;last year’s&gt; denominator\./);
      assert.doesNotMatch((await (await as('ccg-user 02T (other organisation, same region)')).get(`/rounds/${roundId}`)).body, /127c/);

      const round = await getRound(database.db, TEST_ANALYST, roundId, now);
      now = new Date((round.record.stageDueAt ?? now).getTime() + 60_000);
      clients.clear();
      const late = await (await as('ccg-user 02N (own organisation)')).post(`/rounds/${roundId}/organisations/02N/comments`, { body: 'Late' });
      assert.equal(late.statusCode, 409);
      assert.match(late.body, /There is a problem[\s\S]*The factual-accuracy window closed at/);
    });

    it('lets the committee sign off and schedule publication, and not the analyst', async () => {
      const analyst = await as('national-analyst');
      const page = await analyst.get(`/rounds/${roundId}`);
      assert.match(page.body, /Overdue/);
      const commentId = /\/comments\/([0-9a-f-]{36})\/response/.exec(page.body)?.[1] ?? '';
      assert.equal((await analyst.post(`/rounds/${roundId}/comments/${commentId}/response`, { response: 'no-change', note: 'The published denominator.' })).statusCode, 303);
      assert.equal((await analyst.post(`/rounds/${roundId}/steps`, { command: 'close-factual-accuracy-check' })).statusCode, 303);
      assert.deepEqual(buttons((await analyst.get(`/rounds/${roundId}`)).body), []);
      assert.equal((await analyst.post(`/rounds/${roundId}/steps`, { command: 'sign-off' })).statusCode, 403);
      const committee = await as('committee-member');
      assert.deepEqual(buttons((await committee.get(`/rounds/${roundId}`)).body), ['sign-off']);
      assert.equal((await committee.post(`/rounds/${roundId}/steps`, { command: 'sign-off' })).statusCode, 303);
      const noTime = await committee.post(`/rounds/${roundId}/steps`, { command: 'schedule-publication', publishDate: '2099-07-01', publishTime: '' });
      assert.equal(noTime.statusCode, 422);
      assert.match(noTime.body, /href="#publishTime"/);
      assert.equal((await committee.post(`/rounds/${roundId}/steps`, { command: 'schedule-publication', publishDate: '2099-07-01', publishTime: '09:30' })).statusCode, 303);
      const scheduled = await committee.get(`/rounds/${roundId}`);
      assert.match(scheduled.body, /Scheduled for publication \(embargoed\)/);
      assert.match(scheduled.body, /1 July 2099, 09:30/);
    });
  });
}
