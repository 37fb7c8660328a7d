import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.ts';
import { buildApp } from '../../src/http/app.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { decideTwoInterventions, implementingCase, type Interventions, SUCCESSOR_CODE } from '../support/special-measures-journey.ts';

const START = new Date('2016-09-01T09:00:00Z');

interface Organisation {
  readonly code: string;
  readonly name: string | null;
}
interface Responsibility {
  readonly data: { organisation: Organisation; date: string; answers: { population: Organisation; responsibleBody: Organisation; because: string[] }[] };
}
interface LineageBody {
  readonly data: { predecessors: { organisation: Organisation; into: Organisation; on: string; kind: string }[]; successors: { organisation: Organisation; on: string; kind: string }[] };
}

for (const engine of testEngines()) {
  describe(`registry and register open data on ${engine}`, () => {
    let database: Database;
    let app: FastifyInstance;
    let decided: Interventions;
    const get = (url: string) => app.inject({ method: 'GET', url });

    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      app = await buildApp({ db: database.db, logger: false, clock: () => new Date('2018-06-01T12:00:00Z') });
      decided = await decideTwoInterventions(database.db, START);
      const published = await implementingCase(database.db, '02T', START);
      await published.publish('reasons', 'Rated inadequate; seriously off plan.', 2);
      await published.publish('progress-update', 'DRAFT update', 50, { draftOnly: true });
    });
    after(async () => {
      await app.close();
      await database.close();
    });

    it('answers who is responsible without sign-in, across a transfer and a merger, with the reasons', async () => {
      const ask = async (query: string) => {
        const response = await get(`/api/v1/registry/responsibility?${query}`);
        assert.equal(response.statusCode, 200, response.body);
        return response.json<Responsibility>().data;
      };
      const transferred = await ask('organisation=02n&function=acute-commissioning&date=2017-10-01');
      assert.deepEqual(transferred.answers.map((answer) => [answer.population.code, answer.responsibleBody.code]), [['02N', '02T']]);
      assert.match(transferred.answers[0]?.because.join(' ') ?? '', /performed by 02T from 1 October 2017/);
      assert.equal(transferred.answers[0]?.responsibleBody.name, 'NHS Calderdale CCG');
      assert.deepEqual((await ask('organisation=02N&function=acute-commissioning&date=2017-09-30')).answers.map((answer) => answer.responsibleBody.code), ['02N']);

      const [first, second] = decided.merger.predecessors;
      const beforeMerger = await ask(`organisation=${SUCCESSOR_CODE}&function=primary-care-commissioning&date=2018-03-31`);
      assert.deepEqual(beforeMerger.answers.map((answer) => answer.responsibleBody.code), [first, second]);
      const afterMerger = await ask(`organisation=${first}&function=primary-care-commissioning&date=2018-04-01`);
      assert.deepEqual(afterMerger.answers.map((answer) => answer.responsibleBody.code), [SUCCESSOR_CODE]);
      assert.match(afterMerger.answers[0]?.because[0] ?? '', new RegExp(`${first} became part of ${SUCCESSOR_CODE} on 1 April 2018`));
      assert.equal((await ask('organisation=02N&function=primary-care-commissioning')).date, '2018-06-01', 'today when no date is given');

      const unknown = await get('/api/v1/registry/responsibility?organisation=ZZZ99&function=acute-commissioning');
      assert.equal(unknown.statusCode, 400);
      assert.deepEqual(unknown.json<{ errors: { name: string }[] }>().errors.map((error) => error.name), ['querystring/organisation']);
      assert.equal((await get('/api/v1/registry/responsibility?organisation=02N&function=dentistry')).statusCode, 400);
      assert.equal((await get('/api/v1/registry/responsibility?organisation=02N&function=acute-commissioning&date=2018-02-30')).statusCode, 400);
    });

    it('gives an organisation’s lineage both ways, 404 for an unknown one', async () => {
      const [first, second] = decided.merger.predecessors;
      const successor = await get(`/api/v1/registry/organisations/${SUCCESSOR_CODE.toLowerCase()}/lineage`);
      assert.equal(successor.statusCode, 200, successor.body);
      assert.deepEqual(successor.json<LineageBody>().data.predecessors.map((step) => [step.organisation.code, step.into.code, step.on, step.kind]), [
        [first, SUCCESSOR_CODE, '2018-04-01', 'merger'],
        [second, SUCCESSOR_CODE, '2018-04-01', 'merger'],
      ]);
      const predecessor = (await get(`/api/v1/registry/organisations/${first}/lineage`)).json<LineageBody>().data;
      assert.deepEqual(predecessor.successors.map((step) => [step.organisation.code, step.on]), [[SUCCESSOR_CODE, '2018-04-01']]);
      assert.match(predecessor.successors[0]?.organisation.name ?? '', /^Successor of /);
      assert.equal((await get('/api/v1/registry/organisations/ZZZ99/lineage')).statusCode, 404);
    });

    it('publishes the register as open data: published texts only, as it stood on a date', async () => {
      const today = await get('/api/v1/special-measures-register');
      assert.equal(today.statusCode, 200, today.body);
      const body = today.json<{ data: { date: string; entries: { organisationCode: string; specialMeasures: { reasons: { text: string; publishedOn: string }[] } | null }[] } }>().data;
      assert.equal(body.date, '2018-06-01');
      const calderdale = body.entries.find((entry) => entry.organisationCode === '02T');
      assert.deepEqual(calderdale?.specialMeasures?.reasons, [{ text: 'Rated inadequate; seriously off plan.', publishedOn: '2016-09-03' }]);
      for (const internal of ['DRAFT update', 'INTERNAL progress report text', 'INTERNAL assessment reason', 'off-track']) assert.ok(!today.body.includes(internal), internal);
      const earlier = (await get('/api/v1/special-measures-register?date=2016-09-02')).json<{ data: { entries: unknown[] } }>().data;
      assert.deepEqual(earlier.entries, [], 'nothing was published by then');
      assert.equal((await get('/api/v1/special-measures-register?date=yesterday')).statusCode, 400);
    });
  });
}
