import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { canonicalJson, type JsonValue } from '../../src/domain/audit/canonical-json.ts';
import { appendToChain, GENESIS, verifyChain } from '../../src/domain/audit/chain.ts';
import type { AuditEvent, AuditEventInput } from '../../src/domain/audit/event.ts';
import type { Actor } from '../../src/domain/identity/actor.ts';

const actorArbitrary: fc.Arbitrary<Actor> = fc.oneof(
  fc.record({
    kind: fc.constant('user' as const),
    userId: fc.uuid(),
    email: fc.emailAddress(),
    displayName: fc.string({ minLength: 1, maxLength: 20 }),
    grants: fc.constant([]),
  }),
  fc.record({ kind: fc.constant('system' as const), name: fc.constantFrom('cli:ops@host', 'assure:reference-data') }),
  fc.constant({ kind: 'anonymous' as const }),
);

const inputArbitrary: fc.Arbitrary<AuditEventInput> = fc.record({
  actor: actorArbitrary,
  action: fc.constantFrom('organisation.import', 'user.grant-role', 'rating.approve', 'session.sign-in'),
  object: fc.record({ type: fc.constantFrom('organisation', 'user', 'rating'), id: fc.string({ minLength: 1, maxLength: 12 }) }),
  before: fc.option(fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<JsonValue>, { nil: undefined }),
  after: fc.option(fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<JsonValue>, { nil: undefined }),
  reason: fc.option(fc.string({ maxLength: 30 }), { nil: undefined }),
  requestId: fc.option(fc.string({ minLength: 1, maxLength: 10 }), { nil: undefined }),
});

const instantArbitrary = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true });

/** A chain built in several appends, as a trail grows over time. */
const chainArbitrary = fc
  .array(fc.tuple(fc.array(inputArbitrary, { minLength: 1, maxLength: 4 }), instantArbitrary), { minLength: 1, maxLength: 8 })
  .map((appends) => {
    const events: AuditEvent[] = [];
    for (const [inputs, instant] of appends) events.push(...appendToChain(events.at(-1) ?? GENESIS, inputs, instant));
    return events;
  });

/** Each way to alter one stored field so that it really differs. */
const ALTERATIONS: readonly ((event: AuditEvent) => AuditEvent)[] = [
  (event) => ({ ...event, after: { tampered: event.after } }),
  (event) => ({ ...event, before: [event.before] }),
  (event) => ({ ...event, action: `${event.action}-edited` }),
  (event) => ({ ...event, object: { ...event.object, id: `${event.object.id}x` } }),
  (event) => ({ ...event, actor: { ...event.actor, label: `${event.actor.label} (edited)` } }),
  (event) => ({ ...event, reason: `${event.reason ?? ''}!` }),
  (event) => ({ ...event, occurredAt: event.occurredAt.replace(/\d{3}Z$/, (micros) => `${String((Number(micros.slice(0, 3)) + 1) % 1000).padStart(3, '0')}Z`) }),
  (event) => ({ ...event, previousHash: flipFirst(event.previousHash) }),
  (event) => ({ ...event, hash: flipFirst(event.hash) }),
];

function flipFirst(hash: string): string {
  return `${hash.startsWith('0') ? '1' : '0'}${hash.slice(1)}`;
}

describe('canonical JSON', () => {
  it('does not depend on key order or on how the same number is written', () => {
    assert.equal(canonicalJson({ b: 1, a: [1.0, 'x', null, true] }), '{"a":[1,"x",null,true],"b":1}');
    assert.equal(canonicalJson({ a: { d: 2, c: 1 } }), canonicalJson(JSON.parse('{"a":{"c":1,"d":2.00}}') as JsonValue));
  });

  it('keeps strings unambiguous', () => {
    assert.notEqual(canonicalJson(['a', 'b']), canonicalJson(['a","b']));
    assert.equal(canonicalJson('line\nbreak "quoted"'), '"line\\nbreak \\"quoted\\""');
  });

  it('orders every key by UTF-16 code units, keys that read as array indices too', () => {
    assert.equal(canonicalJson({ b: 4, '10': 1, '-1': 3, '2': 2 }), '{"-1":3,"10":1,"2":2,"b":4}');
  });

  it('refuses numbers JSON cannot carry', () => {
    assert.throws(() => canonicalJson(Number.NaN), RangeError);
    assert.throws(() => canonicalJson({ a: Number.POSITIVE_INFINITY }), RangeError);
  });

  it('gives the same text after any JSON round trip (as through jsonb)', () => {
    fc.assert(
      fc.property(fc.jsonValue() as fc.Arbitrary<JsonValue>, (value) => {
        assert.equal(canonicalJson(JSON.parse(JSON.stringify(value)) as JsonValue), canonicalJson(value));
      }),
    );
  });
});

describe('building the chain', () => {
  it('numbers events from 1 and links each to the hash of the one before', () => {
    const input: AuditEventInput = { actor: { kind: 'system', name: 'test' }, action: 'organisation.import', object: { type: 'organisation', id: '02N' } };
    const events = appendToChain(GENESIS, [input, { ...input, after: { name: 'x' } }], new Date('2026-04-01T09:30:00.123Z'));
    assert.deepEqual(events.map((event) => event.sequence), [1, 2]);
    const [first, second] = events as [AuditEvent, AuditEvent];
    assert.equal(first.previousHash, '0'.repeat(64));
    assert.equal(second.previousHash, first.hash);
    assert.equal(first.occurredAt, '2026-04-01T09:30:00.123000Z');
    assert.deepEqual(first.actor, { kind: 'system', id: 'test', label: 'test' });
    assert.equal(first.before, null);
  });

  it('gives the hashes stored events were written with (if this fails, existing trails no longer verify)', () => {
    const user: Actor = { kind: 'user', userId: '7d1f9a3e-5b2c-4e8f-9a61-0c3b2d4e5f60', email: 'analyst@example.nhs.uk', displayName: 'Ann Alyst', grants: [] };
    const events = appendToChain(
      GENESIS,
      [
        { actor: { kind: 'system', name: 'assure:reference-data' }, action: 'organisation.import', object: { type: 'organisation', id: '02N' }, after: { name: 'NHS Airedale, Wharfedale and Craven CCG', population: 160_500, peers: ['02W', '03A'] } },
        {
          actor: user,
          action: 'rating.approve',
          object: { type: 'rating', id: 'run-1' },
          before: { status: 'draft', '10': 'ten', '2': 'two', score: 2.5 },
          after: { status: 'approved', note: 'résumé – “quoted” \u2028', nested: { z: -0, a: 1e21, m: [true, null, 0.1] } },
          reason: 'Panel agreed',
          requestId: 'req-42',
        },
      ],
      new Date('2026-04-01T09:30:00.123Z'),
    );
    assert.deepEqual(
      events.map((event) => event.hash),
      ['62fcae3e872e50463e04b5e6e017c932fbe45f07cacc90a7547b93c40c15bbdd', 'e2105c306d7af7d561e1aef087812070b5d8f4fce54a86fcd68dcb08b279a846'],
    );
  });

  it('refuses an action that is not verb-named and an empty object id', () => {
    const input: AuditEventInput = { actor: { kind: 'anonymous' }, action: 'Import', object: { type: 'organisation', id: '02N' } };
    assert.throws(() => appendToChain(GENESIS, [input], new Date()), /must be verb-named/);
    assert.throws(() => appendToChain(GENESIS, [{ ...input, action: 'organisation.import', object: { type: 'organisation', id: '' } }], new Date()), /object id/);
  });
});

describe('verifying the chain', () => {
  it('passes an empty trail and any intact one, reporting the head', () => {
    assert.deepEqual(verifyChain([]), { ok: true, count: 0, head: GENESIS });
    fc.assert(
      fc.property(chainArbitrary, (events) => {
        const last = events.at(-1);
        assert.deepEqual(verifyChain(events), { ok: true, count: events.length, head: { sequence: last?.sequence, hash: last?.hash } });
      }),
    );
  });

  it('finds any single altered field and names that event', () => {
    fc.assert(
      fc.property(chainArbitrary, fc.nat(), fc.nat({ max: ALTERATIONS.length - 1 }), (events, pick, alteration) => {
        const index = pick % events.length;
        const tampered = events.map((event, at) => (at === index ? (ALTERATIONS[alteration] ?? ((same) => same))(event) : event));
        const verdict = verifyChain(tampered);
        assert.ok(!verdict.ok, 'tampering went unnoticed');
        assert.equal(verdict.fault.kind, 'altered');
        assert.equal(verdict.fault.sequence, index + 1);
      }),
    );
  });

  it('finds any removed event but the last, with or without renumbering the rest, and names the gap', () => {
    fc.assert(
      fc.property(chainArbitrary.filter((events) => events.length >= 2), fc.nat(), fc.boolean(), (events, pick, renumber) => {
        const index = pick % (events.length - 1);
        const remaining = events
          .filter((_, at) => at !== index)
          .map((event) => (renumber && event.sequence > index + 1 ? { ...event, sequence: event.sequence - 1 } : event));
        const verdict = verifyChain(remaining);
        assert.ok(!verdict.ok, 'removal went unnoticed');
        assert.equal(verdict.fault.kind, 'removed');
        assert.equal(verdict.fault.sequence, index + 1);
      }),
    );
  });

  it('finds any two events swapped and names the first of them', () => {
    fc.assert(
      fc.property(chainArbitrary.filter((events) => events.length >= 2), fc.nat(), fc.nat(), (events, a, b) => {
        const first = a % events.length;
        const second = b % events.length;
        fc.pre(first !== second);
        const [low, high] = first < second ? [first, second] : [second, first];
        // Contents trade places while the sequence numbers stay put, as swapping the rows' numbers would do.
        const swapped = events.map((event, at) => {
          const source = at === low ? events[high] : at === high ? events[low] : event;
          return source === undefined ? event : { ...source, sequence: event.sequence };
        });
        const verdict = verifyChain(swapped);
        assert.ok(!verdict.ok, 'reordering went unnoticed');
        assert.equal(verdict.fault.kind, 'reordered');
        assert.equal(verdict.fault.sequence, low + 1);
      }),
    );
  });

  it('cannot see a removed last event: only a head kept elsewhere shows the trail was cut short', () => {
    fc.assert(
      fc.property(chainArbitrary, (events) => {
        const verdict = verifyChain(events.slice(0, -1));
        assert.ok(verdict.ok);
        assert.notEqual(verdict.head.hash, events.at(-1)?.hash);
      }),
    );
  });

  it('explains each fault in words', () => {
    const input: AuditEventInput = { actor: { kind: 'system', name: 'test' }, action: 'organisation.import', object: { type: 'organisation', id: '02N' } };
    const events = appendToChain(GENESIS, [input, input, input], new Date('2026-04-01T00:00:00Z'));
    const [one, two, three] = events as [AuditEvent, AuditEvent, AuditEvent];
    assert.deepEqual(verifyChain([one, { ...two, reason: 'edited' }, three]), {
      ok: false,
      fault: { kind: 'altered', sequence: 2, event: { ...two, reason: 'edited' }, why: 'its content no longer matches its hash' },
    });
    const removed = verifyChain([one, three]);
    assert.ok(!removed.ok);
    assert.equal(removed.fault.why, 'event #2 is missing: the trail jumps from #1 to #3');
    const reordered = verifyChain([one, { ...three, sequence: 2 }, { ...two, sequence: 3 }]);
    assert.ok(!reordered.ok);
    assert.equal(reordered.fault.why, 'it was recorded after the event now at #3, but comes after #1');
  });
});
