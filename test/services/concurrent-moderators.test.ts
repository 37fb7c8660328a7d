import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { Database } from '../../src/db/connect.ts';
import { auditActorOf } from '../../src/domain/audit/event.ts';
import { countAuditEvents } from '../../src/db/repositories/audit-events.ts';
import { listCaseEvents } from '../../src/db/repositories/special-measures-cases.ts';
import type { UserActor } from '../../src/domain/identity/actor.ts';
import type { CaseActionInput } from '../../src/domain/special-measures/case-actions.ts';
import { ConflictError } from '../../src/services/errors.ts';
import { decideProposal, getProposals, proposeRatingChange } from '../../src/services/round-contributions.ts';
import { createRound, getRoundHistory, takeRoundStep } from '../../src/services/rounds.ts';
import { actOnCase, openCase } from '../../src/services/special-measures/cases.ts';
import { verifyAuditTrail } from '../../src/services/verify-audit-trail.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { testUser } from '../support/identity.ts';
import { installRatingData, TEST_ANALYST } from '../support/ratings.ts';

// Twenty moderators and regional leads acting at once on the same round and the same case (issue 15): every
// write either lands whole, recorded once in the audit trail, or is refused with the reason; none is lost or
// overwritten by another that read the same state before it.

const ACTORS = 20;
const START = new Date('2016-06-01T09:00:00Z');
const at = (days: number) => new Date(START.getTime() + days * 86_400_000);
const moderators = Array.from({ length: ACTORS }, (_, index) => testUser(`moderator-${String(index)}`, { role: 'national-analyst' }));
const northLeads = Array.from({ length: ACTORS }, (_, index) => testUser(`north-lead-${String(index)}`, { role: 'regional-lead', regionCode: 'Y54' }));
const committee = Array.from({ length: ACTORS }, (_, index) => testUser(`committee-${String(index)}`, { role: 'committee-member' }));
// North of England CCGs, whose draft ratings the north's leads may propose changes to.
const NORTH_CCGS = ['02N', '02T', '02W', '02R'];
const LEVELS = ['outstanding', 'good', 'requires-improvement', 'inadequate'];

interface Outcome {
  readonly ok: boolean;
  readonly reason?: string;
}

/** Runs the writes at once; a refusal must be a ConflictError whose message says why, anything else fails the test. */
async function allAtOnce(writes: readonly (() => Promise<unknown>)[]): Promise<Outcome[]> {
  const settled = await Promise.allSettled(writes.map((write) => write()));
  return settled.map((result) => {
    if (result.status === 'fulfilled') return { ok: true };
    const error: unknown = result.reason;
    assert.ok(error instanceof ConflictError, `a concurrent write failed with something other than a refusal: ${String(error)}`);
    assert.ok(error.message.length > 10, 'the refusal says why');
    return { ok: false, reason: error.message };
  });
}

const successes = (outcomes: readonly Outcome[]) => outcomes.filter((outcome) => outcome.ok).length;

const proposalArbitrary = fc.record({ lead: fc.integer({ min: 0, max: ACTORS - 1 }), ccg: fc.constantFrom(...NORTH_CCGS), level: fc.constantFrom(...LEVELS) });
const decisionArbitrary = fc.record({ moderator: fc.integer({ min: 0, max: ACTORS - 1 }), proposal: fc.nat(), accept: fc.boolean() });

for (const engine of testEngines()) {
  describe(`20 moderators and regional leads at once, on ${engine}`, () => {
    let database: Database;
    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await installRatingData(database.db);
    });
    after(() => database.close());

    it('on one round: every proposal kept, one step taken of many tried, each proposal decided once by its first moderator', async () => {
      const db = database.db;
      await fc.assert(
        fc.asyncProperty(fc.array(proposalArbitrary, { minLength: ACTORS, maxLength: ACTORS }), fc.array(decisionArbitrary, { minLength: ACTORS, maxLength: ACTORS }), async (proposals, decisions) => {
          const round = await createRound(db, TEST_ANALYST, { title: 'Concurrent moderation', frameworkVersionId: 'ccg-af-2015-16@1', variant: 'final-2015', dataset: 'demo-2016', now: START });
          const roundId = round.record.id;
          await takeRoundStep(db, TEST_ANALYST, { roundId, command: 'open-regional-review', now: at(0) });

          const proposed = await allAtOnce(
            proposals.map((proposal) => () => proposeRatingChange(db, northLeads[proposal.lead] as UserActor, { roundId, organisationCode: proposal.ccg, level: proposal.level, rationale: `Lead ${String(proposal.lead)} met the CCG.`, now: at(1) })),
          );
          const stored = await getProposals(db, TEST_ANALYST, roundId);
          assert.equal(stored.length, successes(proposed), 'every accepted proposal is stored, none twice');
          assert.equal(await countAuditEvents(db, { action: 'rating-round.propose-change' }), await db.selectFrom('round_proposal').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow().then((row) => Number(row.n)));
          for (const outcome of proposed.filter((entry) => !entry.ok)) assert.match(outcome.reason ?? '', /is already rated/);

          const closed = await allAtOnce(moderators.map((moderator) => () => takeRoundStep(db, moderator, { roundId, command: 'close-regional-review', now: at(2) })));
          assert.equal(successes(closed), 1, 'one of the moderators closes the review; the others are told it is closed');
          assert.equal((await getRoundHistory(db, TEST_ANALYST, roundId)).filter((step) => step.command === 'close-regional-review').length, 1);

          if (stored.length === 0) return;
          const attempts = decisions.map((decision) => ({ ...decision, proposalId: (stored[decision.proposal % stored.length] ?? stored[0])?.id ?? '' }));
          const decided = await allAtOnce(
            attempts.map((attempt) => () => decideProposal(db, moderators[attempt.moderator] as UserActor, { proposalId: attempt.proposalId, accept: attempt.accept, now: at(3) })),
          );
          const after = new Map((await getProposals(db, TEST_ANALYST, roundId)).map((proposal) => [proposal.id, proposal]));
          const tried = new Set(attempts.map((attempt) => attempt.proposalId));
          assert.equal(successes(decided), tried.size, 'each proposal tried is decided exactly once');
          attempts.forEach((attempt, index) => {
            const outcome = decided[index];
            const proposal = after.get(attempt.proposalId);
            assert.ok(outcome !== undefined && proposal !== undefined);
            if (outcome.ok) {
              assert.equal(proposal.status, attempt.accept ? 'accepted' : 'rejected', 'the stored decision is the one that was accepted, not a later one');
              assert.equal(proposal.decidedBy, auditActorOf(moderators[attempt.moderator] as UserActor).label);
            } else {
              assert.match(outcome.reason ?? '', new RegExp(`was ${proposal.status} already`));
            }
          });
          for (const proposalId of tried) {
            const events = (await countAuditEvents(db, { objectType: 'round-proposal', objectId: proposalId, action: 'rating-round.accept-proposal' })) + (await countAuditEvents(db, { objectType: 'round-proposal', objectId: proposalId, action: 'rating-round.reject-proposal' }));
            assert.equal(events, 1, 'one decision in the audit trail per proposal');
          }
        }),
        { numRuns: 3, endOnFailure: true },
      );
      assert.equal((await verifyAuditTrail(db)).ok, true, 'the audit chain verifies');
    });

    it('on one case: the steps form one unbroken chain of states, each taken from the state it was decided on', async () => {
      const db = database.db;
      const steps: CaseActionInput[] = [
        { kind: 'approve-entry', reason: 'Agreed with the CCG.', basis: 'agreed-with-ccg' },
        { kind: 'decline-proposal', reason: 'Not warranted.' },
        { kind: 'commission-external-review', reason: 'A review is needed.', reviewer: 'Governance Reviews Ltd' },
        { kind: 'appoint-improvement-director', reason: 'Appointed.', directorName: 'Jo Bloggs', programmeManagement: 'PMO North' },
      ];
      // Each run (and each shrink of a failing one) opens its case on another CCG: a CCG has one case open at a time.
      const ccgs = (await db.selectFrom('organisation').select('code').where('region_code', '=', 'Y54').where('type', '=', 'ccg').orderBy('code').execute()).map((row) => row.code);
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(fc.record({ actor: fc.integer({ min: 0, max: ACTORS - 1 }), step: fc.integer({ min: 0, max: steps.length - 1 }) }), { minLength: ACTORS, maxLength: ACTORS }), async (attempts) => {
          const ccg = ccgs[run++] ?? assert.fail('more runs than north CCGs');
          const opened = await openCase(db, northLeads[0] as UserActor, { organisationCode: ccg, reason: 'Rated inadequate', triggers: ['inadequate-rating'] }, { at: at(0) });
          const outcomes = await allAtOnce(
            attempts.map((attempt) => () => {
              const step = steps[attempt.step] as CaseActionInput;
              const actor = step.kind === 'approve-entry' || step.kind === 'decline-proposal' ? committee[attempt.actor] : northLeads[attempt.actor];
              return actOnCase(db, actor as UserActor, opened.id, step, { at: at(1) });
            }),
          );
          const events = await listCaseEvents(db, opened.id);
          assert.equal(events.length, 1 + successes(outcomes), 'one event for the opening and one for each step taken');
          events.forEach((event, index) => {
            assert.equal(event.sequence, index + 1, 'events are numbered without a gap');
            if (index > 0) assert.equal(event.from, events[index - 1]?.to, 'each step starts from the state the one before it left');
          });
          assert.equal(await countAuditEvents(db, { objectType: 'special-measures-case', objectId: opened.id }), events.length);
        }),
        { numRuns: 3, endOnFailure: true },
      );
    });
  });
}
