import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.ts';
import { buildApp } from '../../src/http/app.ts';
import { applyDirection } from '../../src/services/special-measures/directions.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { publishDemoRound } from '../support/published-round.ts';
import { installRatingData } from '../support/ratings.ts';
import { COMMITTEE, decideTwoInterventions, implementingCase, type Interventions, type Journey, SUCCESSOR_CODE } from '../support/special-measures-journey.ts';

const PUBLISHED = new Date('2016-07-01T08:30:00Z');
const START = new Date('2016-09-01T09:00:00Z');

for (const engine of testEngines()) {
  describe(`special measures register and registry pages on ${engine}`, () => {
    let database: Database;
    let app: FastifyInstance;
    let now = new Date('2017-01-10T12:00:00Z');
    let roundId: string;
    let journey: Journey;
    let later: Interventions;
    const page = (url: string) => app.inject({ method: 'GET', url });

    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await installRatingData(database.db);
      roundId = await publishDemoRound(database.db, PUBLISHED);
      app = await buildApp({ db: database.db, logger: false, clock: () => now });
      journey = await implementingCase(database.db, '02T', START);
      await journey.publish('reasons', 'Rated inadequate & seriously off its financial plan.', 2);
      await journey.publish('plan-summary', 'Restore financial control within 12 months.', 7);
      await journey.publish('progress-update', 'The recovery plan was agreed with the board.', 42);
      await journey.publish('progress-update', 'DRAFT update not yet cleared', 43, { draftOnly: true });
      await applyDirection(database.db, COMMITTEE, { organisationCode: '02T', title: 'Directions to improve financial control', requirements: [{ text: 'Submit a financial recovery plan', dueOn: '2016-12-31' }], appliedOn: '2016-11-01', published: true }, { at: new Date('2016-11-01T10:00:00Z') });
      await applyDirection(database.db, COMMITTEE, { organisationCode: '02T', title: 'UNPUBLISHED direction', requirements: [{ text: 'x', dueOn: null }], appliedOn: '2016-11-01' }, { at: new Date('2016-11-01T10:00:00Z') });
    });
    after(async () => {
      await app.close();
      await database.close();
    });

    it('shows the published register only: reasons, plan summary, updates with their dates, directions in force; no drafts, reports or assessments', async () => {
      const response = await page('/special-measures');
      assert.equal(response.statusCode, 200);
      const html = response.body;
      assert.match(html, /<h1>Special measures register<\/h1>/);
      assert.match(html, /NHS Calderdale CCG/);
      assert.match(html, /Rated inadequate &amp; seriously off its financial plan\./, 'text is escaped');
      assert.match(html, /Restore financial control within 12 months\./);
      assert.match(html, /The recovery plan was agreed with the board\.[\s\S]*Published <time datetime="2016-10-13">13 October 2016<\/time>/);
      assert.match(html, /2 September 2016 \(agreed with the CCG\)/);
      assert.match(html, /To be reviewed by[\s\S]*2 September 2017/);
      assert.match(html, /Directions to improve financial control[\s\S]*s\.14Z21 NHS Act 2006[\s\S]*Submit a financial recovery plan \(by 31 December 2016\)/);
      assert.match(html, new RegExp(`href="/scorecard/rounds/${roundId}/organisations/02T"`));
      for (const internal of ['DRAFT update', 'INTERNAL progress report text', 'INTERNAL assessment reason', 'off-track', 'Off track', 'UNPUBLISHED direction', 'Rated inadequate; finances off plan']) {
        assert.ok(!html.includes(internal), `${internal} is not on the public page`);
      }
      assert.match(html, /href="\/special-measures"[^>]*>Special measures register</, 'the footer links the register');
    });

    it('is never served stale: a text published a moment ago is on the next visit', async () => {
      assert.doesNotMatch((await page('/special-measures')).body, /A second update/);
      await journey.publish('progress-update', 'A second update', 44);
      assert.match((await page('/special-measures')).body, /A second update/);
    });

    it('answers who is responsible across a transfer and a merger, with the organisation’s lineage; field errors for an unknown organisation or a bad date', async () => {
      later = await decideTwoInterventions(database.db, START);
      now = new Date('2018-06-01T12:00:00Z');
      const form = await page('/registry');
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /name="day"[^>]*value="1"|value="1"[^>]*name="day"/);
      assert.doesNotMatch(form.body, /Responsible:/);

      const transferred = await page('/registry?organisation=02n&function=acute-commissioning&day=1&month=11&year=2017');
      assert.match(transferred.body, /Responsible: NHS Calderdale CCG \(02T\)/);
      assert.match(transferred.body, /performed by 02T from 1 October 2017/);
      const before = await page('/registry?organisation=02N&function=acute-commissioning&day=30&month=9&year=2017');
      assert.match(before.body, /Responsible: NHS Airedale, Wharfedale and Craven CCG \(02N\)/);
      const otherFunction = await page('/registry?organisation=02N&function=primary-care-commissioning&day=1&month=11&year=2017');
      assert.match(otherFunction.body, /Responsible: NHS Airedale, Wharfedale and Craven CCG \(02N\)/);

      const [first, second] = later.merger.predecessors;
      const merged = await page(`/registry?organisation=${SUCCESSOR_CODE}&function=primary-care-commissioning&day=1&month=1&year=2018`);
      assert.equal((merged.body.match(/For the population that was/g) ?? []).length, 2, 'before the merger, one answer per predecessor');
      assert.match(merged.body, new RegExp(`Responsible: [^<]*\\(${first}\\)`));
      assert.match(merged.body, new RegExp(`Responsible: [^<]*\\(${second}\\)`));
      assert.match(merged.body, new RegExp(`Predecessors[\\s\\S]*\\(${first}\\) merged into Successor of [^<]*\\(${SUCCESSOR_CODE}\\) on 1 April 2018`));
      const afterwards = await page(`/registry?organisation=${first}&function=primary-care-commissioning&day=2&month=4&year=2018`);
      assert.match(afterwards.body, new RegExp(`Responsible: Successor of [^<]*\\(${SUCCESSOR_CODE}\\)`));
      assert.match(afterwards.body, new RegExp(`Successors[\\s\\S]*\\(${first}\\) merged into Successor of [^<]*\\(${SUCCESSOR_CODE}\\) on 1 April 2018`));

      const unknown = await page('/registry?organisation=NOPE&function=acute-commissioning&day=31&month=2&year=2018');
      assert.equal(unknown.statusCode, 200);
      assert.match(unknown.body, /<title>Error: Who is responsible\?/);
      assert.match(unknown.body, /href="#organisation">\s*No organisation has the code NOPE/);
      assert.match(unknown.body, /href="#date-day">\s*Enter a real date/);
      assert.doesNotMatch(unknown.body, /Responsible:/);
      const blank = await page('/registry?organisation=&function=nonsense&day=&month=&year=');
      assert.match(blank.body, /Enter an organisation’s ODS code[\s\S]*Choose a commissioning function[\s\S]*Enter a real date/);
    });
  });
}
