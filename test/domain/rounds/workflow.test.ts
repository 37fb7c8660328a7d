import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  commandsFrom,
  DEFAULT_ROUND_SETTINGS,
  overdueReason,
  ROUND_COMMANDS,
  type RoundFacts,
  type RoundTimetable,
  stageAt,
  STORED_STAGES,
  takeStep,
} from '../../../src/domain/rounds/workflow.ts';

const SETTLED: RoundFacts = { undecidedProposals: 0, unansweredComments: 0, organisationsYetToRespond: 0 };
const DRAFT: RoundTimetable = { stage: 'draft', stageDueAt: null, publishAt: null };
// Thursday before Easter 2016, 10:00 in London (BST not yet: GMT).
const THURSDAY = new Date('2016-03-24T10:00:00Z');

function step(round: RoundTimetable, command: (typeof ROUND_COMMANDS)[number], now = THURSDAY, facts = SETTLED, publishAt?: Date): RoundTimetable {
  const result = takeStep(round, { command, now, facts, settings: DEFAULT_ROUND_SETTINGS, ...(publishAt === undefined ? {} : { publishAt }) });
  if (!result.ok) throw new Error(result.reason);
  return result.next;
}

describe('rating round workflow', () => {
  it('goes from draft to published through every stage', () => {
    let round = step(DRAFT, 'open-regional-review');
    assert.equal(round.stage, 'regional-review');
    round = step(round, 'close-regional-review');
    round = step(round, 'open-factual-accuracy-check');
    assert.equal(round.stage, 'factual-accuracy');
    round = step(round, 'close-factual-accuracy-check', new Date('2016-04-12T09:00:00Z'));
    round = step(round, 'sign-off');
    const embargo = new Date('2016-07-01T08:30:00Z');
    round = step(round, 'schedule-publication', THURSDAY, SETTLED, embargo);
    assert.equal(stageAt(round, new Date(embargo.getTime() - 1)), 'scheduled');
    assert.equal(stageAt(round, embargo), 'published');
    assert.deepEqual(commandsFrom('published'), []);
  });

  it('gives the factual-accuracy check 10 working days, skipping Easter, to the end of the London day', () => {
    const round = step(step(step(DRAFT, 'open-regional-review'), 'close-regional-review'), 'open-factual-accuracy-check');
    assert.equal(round.stageDueAt?.toISOString(), '2016-04-11T22:59:59.999Z');
  });

  it('keeps the check open while organisations have not responded, unless the window has closed', () => {
    const round: RoundTimetable = { stage: 'factual-accuracy', stageDueAt: new Date('2016-04-11T22:59:59.999Z'), publishAt: null };
    const waiting = { ...SETTLED, organisationsYetToRespond: 3 };
    const early = takeStep(round, { command: 'close-factual-accuracy-check', now: new Date('2016-04-01T12:00:00Z'), facts: waiting, settings: DEFAULT_ROUND_SETTINGS });
    assert.ok(!early.ok);
    assert.match(early.reason, /3 organisations have not yet responded/);
    assert.equal(takeStep(round, { command: 'close-factual-accuracy-check', now: new Date('2016-04-12T00:00:00Z'), facts: waiting, settings: DEFAULT_ROUND_SETTINGS }).ok, true);
    assert.equal(overdueReason(round, new Date('2016-04-12T00:00:00Z')), 'Factual-accuracy check was due by 2016-04-11.');
    assert.equal(overdueReason(round, new Date('2016-04-11T12:00:00Z')), null);
  });

  it('will not open the check with proposals undecided, nor close it with comments unanswered', () => {
    const moderation: RoundTimetable = { stage: 'moderation', stageDueAt: null, publishAt: null };
    const open = takeStep(moderation, { command: 'open-factual-accuracy-check', now: THURSDAY, facts: { ...SETTLED, undecidedProposals: 1 }, settings: DEFAULT_ROUND_SETTINGS });
    assert.deepEqual(open, { ok: false, reason: '1 regional proposal is still to be accepted or rejected.' });
    const checking: RoundTimetable = { stage: 'factual-accuracy', stageDueAt: THURSDAY, publishAt: null };
    const close = takeStep(checking, { command: 'close-factual-accuracy-check', now: new Date('2016-05-01T00:00:00Z'), facts: { ...SETTLED, unansweredComments: 2 }, settings: DEFAULT_ROUND_SETTINGS });
    assert.deepEqual(close, { ok: false, reason: '2 factual-accuracy comments have no response yet.' });
  });

  it('refuses an embargo in the past, and cancelling once published', () => {
    const approved: RoundTimetable = { stage: 'approved', stageDueAt: null, publishAt: null };
    const past = takeStep(approved, { command: 'schedule-publication', now: THURSDAY, facts: SETTLED, settings: DEFAULT_ROUND_SETTINGS, publishAt: THURSDAY });
    assert.equal(past.ok, false);
    const scheduled = step(approved, 'schedule-publication', THURSDAY, SETTLED, new Date('2016-04-01T08:30:00Z'));
    assert.equal(step(scheduled, 'cancel-publication').stage, 'approved');
    const late = takeStep(scheduled, { command: 'cancel-publication', now: new Date('2016-04-01T08:30:00Z'), facts: SETTLED, settings: DEFAULT_ROUND_SETTINGS });
    assert.ok(!late.ok);
    assert.match(late.reason, /“Published” cannot cancel publication/);
  });

  it('only ever moves along the declared steps (property)', () => {
    const order = [...STORED_STAGES];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ROUND_COMMANDS), { maxLength: 30 }), (commands) => {
        let round = DRAFT;
        for (const command of commands) {
          const before = round.stage;
          const result = takeStep(round, { command, now: THURSDAY, facts: SETTLED, settings: DEFAULT_ROUND_SETTINGS, publishAt: new Date('2030-01-01T00:00:00Z') });
          assert.equal(result.ok, commandsFrom(before).includes(command));
          if (!result.ok) continue;
          round = result.next;
          const moved = order.indexOf(round.stage) - order.indexOf(before);
          const backwards = command === 'reopen-regional-review' || command === 'cancel-publication';
          assert.ok(backwards ? moved < 0 : moved === 1, `${before} --${command}--> ${round.stage}`);
        }
      }),
    );
  });
});
