import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/connect.ts';
import type { UserActor } from '../../src/domain/identity/actor.ts';
import { NotPermittedError } from '../../src/domain/policy/decision.ts';
import { installDemoDataset } from '../../src/services/demo-data.ts';
import { ConflictError, NotFoundError } from '../../src/services/errors.ts';
import { FrameworkFileError, getFrameworkVersions, installShippedFrameworks, loadFrameworkFile, readShippedFrameworkFiles } from '../../src/services/frameworks.ts';
import { computeRatings, explainRating, getRatingRunOutput, simulateRatings } from '../../src/services/ratings.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';

const analyst: UserActor = { kind: 'user', userId: 'u-analyst', email: 'analyst@example.nhs.uk', displayName: 'Analyst', grants: [{ role: 'national-analyst' }] };
const ccgUser = (organisationCode: string): UserActor => ({
  kind: 'user',
  userId: `u-${organisationCode}`,
  email: `${organisationCode}@example.nhs.uk`,
  displayName: organisationCode,
  grants: [{ role: 'ccg-user', organisationCode }],
});

function count(distribution: readonly { level: string; count: number }[], level: string): number {
  return distribution.find((entry) => entry.level === level)?.count ?? 0;
}

for (const engine of testEngines()) {
  describe(`frameworks and ratings on ${engine}`, () => {
    let database: Database;
    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await installShippedFrameworks(database.db);
      await installDemoDataset(database.db);
    });
    after(() => database.close());

    it('installs every shipped framework once', async () => {
      const shipped = await readShippedFrameworkFiles();
      const versions = await getFrameworkVersions(database.db, analyst);
      assert.equal(versions.length, shipped.length);
      assert.deepEqual(await installShippedFrameworks(database.db), []);
    });

    it('rates 2015/16 as it happened: the draft rule fails most CCGs, the final one lands near 10/82/91/26', async () => {
      const draft = await computeRatings(database.db, analyst, { frameworkVersionId: 'ccg-af-2015-16@1', variant: 'draft-2015', dataset: 'demo-2016' });
      const final = await computeRatings(database.db, analyst, { frameworkVersionId: 'ccg-af-2015-16@1', variant: 'final-2015', dataset: 'demo-2016' });
      assert.equal(draft.run.organisations.length, 209);
      assert.ok(count(draft.run.summary.distribution, 'inadequate') >= 140, 'about three-quarters inadequate');
      assert.ok(count(draft.run.summary.distribution, 'outstanding') <= 2);
      const published = { outstanding: 10, good: 82, 'requires-improvement': 91, inadequate: 26 };
      for (const [level, expected] of Object.entries(published)) {
        assert.ok(Math.abs(count(final.run.summary.distribution, level) - expected) <= 8, `${level}: ${count(final.run.summary.distribution, level)} vs ${expected}`);
      }
    });

    it('re-runs byte for byte and records what went in', async () => {
      const first = await computeRatings(database.db, analyst, { frameworkVersionId: 'ccg-af-2015-16@1', dataset: 'demo-2016' });
      const second = await computeRatings(database.db, analyst, { frameworkVersionId: 'ccg-af-2015-16@1', dataset: 'demo-2016' });
      assert.notEqual(first.record.id, second.record.id);
      assert.equal(await getRatingRunOutput(database.db, analyst, first.record.id), await getRatingRunOutput(database.db, analyst, second.record.id));
      assert.equal(first.record.inputHash, second.record.inputHash);
      assert.match(first.record.engineVersion, /^assure-rating\//);
    });

    it('explains a draft to its own CCG and hides it from another', async () => {
      const { record } = await computeRatings(database.db, analyst, { frameworkVersionId: 'ccg-af-2015-16@1', dataset: 'demo-2016' });
      const { rating } = await explainRating(database.db, ccgUser('02N'), record.id, '02N');
      assert.equal(rating.org, '02N');
      assert.ok(rating.indicators.length > 0 && rating.rules.length > 0);
      await assert.rejects(explainRating(database.db, ccgUser('02T'), record.id, '02N'), (error: unknown) => error instanceof NotPermittedError && error.decision === 'hide');
      await assert.rejects(explainRating(database.db, analyst, record.id, 'ZZZ'), NotFoundError);
    });

    it('simulates a rule change and lists every mover with the rule that moved it', async () => {
      const result = await simulateRatings(database.db, analyst, { frameworkVersionId: 'ccg-af-2015-16@1', baseline: 'draft-2015', candidate: 'final-2015', dataset: 'demo-2016' });
      assert.ok(result.movers.length > 100);
      assert.equal(result.movers.length + result.unchanged, 209);
      assert.ok(result.baseline.summary.warnings.length > 0, 'the draft rule trips the guard rails');
    });

    it('refuses a bad framework file with located problems and writes nothing', async () => {
      const before = (await getFrameworkVersions(database.db, analyst)).length;
      await assert.rejects(
        loadFrameworkFile(database.db, { actor: analyst, fileName: 'broken.yaml', text: 'id: Broken Id\nversion: 0\n' }),
        (error: unknown) => error instanceof FrameworkFileError && /broken\.yaml, line 1, id: /.test(error.message) && /line 2, version/.test(error.message),
      );
      assert.equal((await getFrameworkVersions(database.db, analyst)).length, before);
      await assert.rejects(loadFrameworkFile(database.db, { actor: ccgUser('02N'), fileName: 'x.yaml', text: '' }), NotPermittedError);
    });

    it('keeps a version used by a published rating immutable', async () => {
      const [file] = (await readShippedFrameworkFiles()).filter((shipped) => shipped.fileName === 'ccg-af-2015-16.yaml');
      assert.ok(file !== undefined);
      const changed = file.text.replace(/^title: .*$/m, 'title: CCG assurance framework 2015/16 (edited)');
      await database.db.updateTable('rating_run').set({ published_at: new Date() }).where('framework_version_id', '=', 'ccg-af-2015-16@1').execute();
      await assert.rejects(loadFrameworkFile(database.db, { actor: analyst, fileName: file.fileName, text: changed }), ConflictError);
      assert.equal((await loadFrameworkFile(database.db, { actor: analyst, fileName: file.fileName, text: file.text })).outcome, 'unchanged');
    });
  });
}
