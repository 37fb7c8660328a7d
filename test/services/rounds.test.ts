import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/connect.ts';
import { countAuditEvents } from '../../src/db/repositories/audit-events.ts';
import { ANONYMOUS } from '../../src/domain/identity/actor.ts';
import { NotPermittedError } from '../../src/domain/policy/decision.ts';
import { ConflictError } from '../../src/services/errors.ts';
import { explainRating } from '../../src/services/ratings.ts';
import { commentOnDraft, confirmDraft, decideProposal, getComments, getProposals, proposeRatingChange, respondToComment } from '../../src/services/round-contributions.ts';
import { createRound, getRoundHistory, takeRoundStep } from '../../src/services/rounds.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { installRatingData, TEST_ANALYST } from '../support/ratings.ts';
import { testUser } from '../support/identity.ts';

const committee = testUser('committee', { role: 'committee-member' });
const northLead = testUser('north-lead', { role: 'regional-lead', regionCode: 'Y54' });
const londonLead = testUser('london-lead', { role: 'regional-lead', regionCode: 'Y56' });
const airedale = testUser('airedale', { role: 'ccg-user', organisationCode: '02N' });
const bradford = testUser('bradford', { role: 'ccg-user', organisationCode: '02T' });

// Wednesday 1 June 2016, 10:00 in London.
const START = new Date('2016-06-01T09:00:00Z');
const at = (days: number) => new Date(START.getTime() + days * 86_400_000);

function refused(decision: 'forbid' | 'hide') {
  return (error: unknown) => error instanceof NotPermittedError && error.decision === decision;
}

for (const engine of testEngines()) {
  describe(`rating rounds on ${engine}`, () => {
    let database: Database;
    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await installRatingData(database.db);
    });
    after(() => database.close());

    it('takes a round from draft ratings through review, moderation, factual accuracy and sign-off to publication at the embargo', async () => {
      const db = database.db;
      const round = await createRound(db, TEST_ANALYST, { title: 'CCG assurance 2015/16, year end', frameworkVersionId: 'ccg-af-2015-16@1', variant: 'final-2015', dataset: 'demo-2016', now: START });
      const roundId = round.record.id;
      assert.equal(round.stage, 'draft');
      const draft = await explainRating(db, TEST_ANALYST, round.record.draftRunId, '02N', START);
      const proposed = draft.rating.headline === 'good' ? 'requires-improvement' : 'good';

      await assert.rejects(proposeRatingChange(db, northLead, { roundId, organisationCode: '02N', level: proposed, rationale: 'Too early', now: START }), ConflictError);
      await takeRoundStep(db, TEST_ANALYST, { roundId, command: 'open-regional-review', now: START });

      // Only the region's own lead may propose; to another region the draft does not exist.
      await assert.rejects(proposeRatingChange(db, londonLead, { roundId, organisationCode: '02N', level: proposed, rationale: 'x', now: START }), refused('hide'));
      await assert.rejects(proposeRatingChange(db, airedale, { roundId, organisationCode: '02N', level: proposed, rationale: 'x', now: START }), refused('forbid'));
      await assert.rejects(proposeRatingChange(db, northLead, { roundId, organisationCode: '02N', level: 'excellent', rationale: 'x', now: START }), /not a rating on this framework's scale/);
      const proposalId = await proposeRatingChange(db, northLead, { roundId, organisationCode: '02N', level: proposed, rationale: 'The panel met the CCG; its plan is credible.', now: at(1) });
      assert.deepEqual((await getProposals(db, bradford, roundId)).length, 0, 'another CCG sees no proposal about 02N');
      assert.equal((await getProposals(db, airedale, roundId)).length, 1);

      await takeRoundStep(db, TEST_ANALYST, { roundId, command: 'close-regional-review', now: at(2) });
      await assert.rejects(takeRoundStep(db, TEST_ANALYST, { roundId, command: 'open-factual-accuracy-check', now: at(2) }), /1 regional proposal is still to be accepted or rejected/);
      await decideProposal(db, TEST_ANALYST, { proposalId, accept: true, note: 'Consistent with peers.', now: at(2) });
      await assert.rejects(decideProposal(db, TEST_ANALYST, { proposalId, accept: false, now: at(2) }), /accepted already/);

      const checking = await takeRoundStep(db, TEST_ANALYST, { roundId, command: 'open-factual-accuracy-check', now: at(3) });
      assert.equal(checking.stage, 'factual-accuracy');
      assert.notEqual(checking.record.currentRunId, checking.record.draftRunId, 'the moderated ratings are a new run');
      const moderated = await explainRating(db, airedale, checking.record.currentRunId, '02N', at(3));
      assert.equal(moderated.rating.headline, proposed);
      assert.equal(moderated.rating.decidedBy, 'moderation');
      await assert.rejects(explainRating(db, bradford, checking.record.currentRunId, '02N', at(3)), refused('hide'));

      const commentId = await commentOnDraft(db, airedale, { roundId, organisationCode: '02N', body: 'Indicator 127c uses last year’s denominator.', now: at(4) });
      await assert.rejects(commentOnDraft(db, bradford, { roundId, organisationCode: '02N', body: 'x', now: at(4) }), refused('hide'));
      await confirmDraft(db, bradford, { roundId, organisationCode: '02T', now: at(4) });
      assert.equal((await getComments(db, bradford, roundId)).length, 0);
      await assert.rejects(takeRoundStep(db, TEST_ANALYST, { roundId, command: 'close-factual-accuracy-check', now: at(5) }), /1 factual-accuracy comment has no response yet/);
      await respondToComment(db, TEST_ANALYST, { commentId, response: 'no-change', note: 'The denominator is the published one for 2015/16.', now: at(5) });
      await assert.rejects(takeRoundStep(db, TEST_ANALYST, { roundId, command: 'close-factual-accuracy-check', now: at(5) }), /207 organisations have not yet responded/);
      // Ten working days from Saturday 4 June 2016 end on Friday 17 June.
      assert.equal(checking.record.stageDueAt?.toISOString(), '2016-06-17T22:59:59.999Z');
      await assert.rejects(commentOnDraft(db, airedale, { roundId, organisationCode: '02N', body: 'Late', now: at(17) }), /window closed/);
      await takeRoundStep(db, TEST_ANALYST, { roundId, command: 'close-factual-accuracy-check', now: at(17) });

      await assert.rejects(takeRoundStep(db, TEST_ANALYST, { roundId, command: 'sign-off', now: at(18) }), refused('forbid'));
      await takeRoundStep(db, committee, { roundId, command: 'sign-off', now: at(18) });
      const embargo = new Date('2016-07-01T08:30:00Z');
      await assert.rejects(takeRoundStep(db, committee, { roundId, command: 'schedule-publication', publishAt: at(18), now: at(18) }), /must be in the future/);
      const scheduled = await takeRoundStep(db, committee, { roundId, command: 'schedule-publication', publishAt: embargo, now: at(19) });
      assert.equal(scheduled.stage, 'scheduled');

      const runId = scheduled.record.currentRunId;
      await assert.rejects(explainRating(db, ANONYMOUS, runId, '02N', new Date(embargo.getTime() - 1)), NotPermittedError, 'embargoed until the publication time');
      const published = await explainRating(db, ANONYMOUS, runId, '02N', embargo);
      assert.equal(published.rating.headline, proposed);

      const history = await getRoundHistory(db, TEST_ANALYST, roundId);
      assert.deepEqual(
        history.map((step) => step.command),
        ['create', 'open-regional-review', 'close-regional-review', 'open-factual-accuracy-check', 'close-factual-accuracy-check', 'sign-off', 'schedule-publication'],
      );
      assert.equal(await countAuditEvents(db, { objectType: 'rating-round', objectId: roundId }), 8, 'created, six steps and one confirmation');
    });

    it('refuses a correction of a round that is not published, and steps out of order', async () => {
      const round = await createRound(database.db, TEST_ANALYST, { title: 'Second round', frameworkVersionId: 'ccg-af-2015-16@1', dataset: 'demo-2016', now: START });
      await assert.rejects(takeRoundStep(database.db, committee, { roundId: round.record.id, command: 'sign-off', now: START }), /cannot sign off; it can open regional review/);
      await assert.rejects(
        createRound(database.db, TEST_ANALYST, { title: 'Correction', frameworkVersionId: 'ccg-af-2015-16@1', dataset: 'demo-2016', corrects: { roundId: round.record.id, note: 'Fixes 127c' }, now: START }),
        /Only a published round can be corrected/,
      );
      await assert.rejects(createRound(database.db, airedale, { title: 'Mine', frameworkVersionId: 'ccg-af-2015-16@1', dataset: 'demo-2016' }), refused('forbid'));
    });
  });
}
