import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { COMMISSIONING_FUNCTIONS } from '../../../src/domain/special-measures/commissioning-functions.ts';
import { registryChangesOf } from '../../../src/domain/special-measures/intervention-registry.ts';
import { lineage, registryProblems, type ResponsibilityRegistry, whoIsResponsible } from '../../../src/domain/special-measures/responsibility.ts';

// Greenwich (08A) and Lewisham (08L) cease acute commissioning, which Southwark (08Q) performs for them from
// 1 June 2017; on 1 April 2018 Greenwich, Lewisham and Bexley (07N) merge into a new CCG (X01); on 1 April 2019
// Southwark is absorbed into X01 as well. Names are from the directions example; the dates are invented.
const REGISTRY: ResponsibilityRegistry = {
  records: [
    { organisationCode: '08A', function: 'acute-commissioning', responsibleBodyCode: '08Q', from: '2017-06-01', until: null, basis: 'Directions to Greenwich CCG, 2017' },
    { organisationCode: '08L', function: 'acute-commissioning', responsibleBodyCode: '08Q', from: '2017-06-01', until: '2018-01-01', basis: 'Directions to Lewisham CCG, 2017' },
  ],
  mergers: [
    { kind: 'merger', predecessorCodes: ['08A', '08L', '07N'], successorCode: 'X01', effectiveOn: '2018-04-01' },
    { kind: 'absorption', predecessorCodes: ['08Q'], successorCode: 'X01', effectiveOn: '2019-04-01' },
  ],
};

const bodies = (code: string, date: string, fn: (typeof COMMISSIONING_FUNCTIONS)[number] = 'acute-commissioning') =>
  whoIsResponsible(REGISTRY, fn, code, date).map((answer) => `${answer.population}:${answer.responsibleBodyCode}`);

describe('who is responsible', () => {
  it('answers the organisation itself when nothing has moved', () => {
    assert.deepEqual(bodies('08A', '2017-05-31'), ['08A:08A']);
    assert.deepEqual(bodies('08A', '2017-07-01', 'mental-health-commissioning'), ['08A:08A'], 'only the named function moved');
  });

  it('answers the receiving body for dates in the transfer, and the organisation again once it ends', () => {
    assert.deepEqual(bodies('08A', '2017-06-01'), ['08A:08Q']);
    assert.deepEqual(bodies('08L', '2017-12-31'), ['08L:08Q']);
    assert.deepEqual(bodies('08L', '2018-01-01'), ['08L:08L'], 'until is the first day the function is back');
    const [answer] = whoIsResponsible(REGISTRY, 'acute-commissioning', '08A', '2017-06-01');
    assert.deepEqual(answer?.because, ['Acute hospital services commissioning for 08A is performed by 08Q from 1 June 2017 (Directions to Greenwich CCG, 2017)']);
  });

  it('answers the successor for a predecessor’s population after a merger, whatever the predecessor’s transfers said', () => {
    assert.deepEqual(bodies('08A', '2018-04-01'), ['X01:X01']);
    assert.deepEqual(bodies('07N', '2018-03-31'), ['07N:07N']);
    const [answer] = whoIsResponsible(REGISTRY, 'acute-commissioning', '08A', '2018-04-01');
    assert.deepEqual(answer?.because, ['08A became part of X01 on 1 April 2018', 'X01 commissions acute hospital services commissioning for its own population']);
  });

  it('answers the predecessors, part by part, for a merged CCG before it existed', () => {
    assert.deepEqual(bodies('X01', '2017-07-01'), ['08A:08Q', '08L:08Q', '07N:07N']);
    assert.deepEqual(bodies('X01', '2016-01-01'), ['08A:08A', '08L:08L', '07N:07N']);
  });

  it('follows a receiving body into its own successor, and keeps an absorbing body’s earlier population its own', () => {
    const registry: ResponsibilityRegistry = {
      ...REGISTRY,
      records: [{ organisationCode: '07N', function: 'acute-commissioning', responsibleBodyCode: '08Q', from: '2017-06-01', until: null, basis: 'Directions to Bexley CCG' }],
    };
    assert.deepEqual(whoIsResponsible(registry, 'acute-commissioning', '07N', '2017-07-01').map((answer) => answer.responsibleBodyCode), ['08Q']);
    const later: ResponsibilityRegistry = {
      records: [{ organisationCode: '05A', function: 'continuing-healthcare', responsibleBodyCode: '08Q', from: '2018-01-01', until: null, basis: 'Agreement' }],
      mergers: REGISTRY.mergers,
    };
    const [answer] = whoIsResponsible(later, 'continuing-healthcare', '05A', '2019-05-01');
    assert.equal(answer?.responsibleBodyCode, 'X01');
    assert.deepEqual(answer.because.at(-1), '08Q became part of X01 on 1 April 2019');
    assert.deepEqual(bodies('X01', '2019-03-31'), ['X01:X01'], 'X01 existed from 2018; Southwark’s population joins it only in 2019');
    assert.deepEqual(bodies('08Q', '2019-03-31'), ['08Q:08Q']);
    assert.deepEqual(bodies('08Q', '2019-04-01'), ['X01:X01']);
  });

  it('gives every predecessor’s population exactly one answer on any date (property)', () => {
    const date = fc.date({ min: new Date('2015-01-01T00:00:00Z'), max: new Date('2021-01-01T00:00:00Z'), noInvalidDate: true }).map((instant) => instant.toISOString().slice(0, 10));
    fc.assert(
      fc.property(date, fc.constantFrom(...COMMISSIONING_FUNCTIONS), fc.constantFrom('08A', '08L', '07N', '08Q', 'X01'), (day, fn, code) => {
        const answers = whoIsResponsible(REGISTRY, fn, code, day);
        assert.ok(answers.length >= 1);
        assert.equal(new Set(answers.map((answer) => answer.population)).size, answers.length, 'no population answered twice');
        for (const answer of answers) {
          const exists = (body: string) => !REGISTRY.mergers.some((merger) => (merger.predecessorCodes.includes(body) && merger.effectiveOn <= day) || (merger.kind === 'merger' && merger.successorCode === body && day < merger.effectiveOn));
          assert.ok(exists(answer.responsibleBodyCode), `${answer.responsibleBodyCode} did not exist on ${day}`);
          if (fn !== 'acute-commissioning') assert.equal(answer.responsibleBodyCode, answer.population);
        }
      }),
    );
  });
});

describe('lineage and registry checks', () => {
  it('lists predecessors of predecessors, and the chain of successors', () => {
    const chained: ResponsibilityRegistry = { records: [], mergers: [...REGISTRY.mergers, { kind: 'merger', predecessorCodes: ['X01', '09Z'], successorCode: 'Y01', effectiveOn: '2020-04-01' }] };
    assert.deepEqual(lineage(chained, 'Y01'), {
      organisationCode: 'Y01',
      predecessors: [
        { code: 'X01', into: 'Y01', on: '2020-04-01', kind: 'merger' },
        { code: '09Z', into: 'Y01', on: '2020-04-01', kind: 'merger' },
        { code: '08A', into: 'X01', on: '2018-04-01', kind: 'merger' },
        { code: '08L', into: 'X01', on: '2018-04-01', kind: 'merger' },
        { code: '07N', into: 'X01', on: '2018-04-01', kind: 'merger' },
        { code: '08Q', into: 'X01', on: '2019-04-01', kind: 'absorption' },
      ],
      successors: [],
    });
    assert.deepEqual(lineage(chained, '08A').successors, [
      { code: 'X01', on: '2018-04-01', kind: 'merger' },
      { code: 'Y01', on: '2020-04-01', kind: 'merger' },
    ]);
    assert.deepEqual(registryProblems(chained), []);
  });

  it('finds what would make an answer ambiguous', () => {
    const broken: ResponsibilityRegistry = {
      records: [
        { organisationCode: '08A', function: 'acute-commissioning', responsibleBodyCode: '08Q', from: '2017-06-01', until: null, basis: 'a' },
        { organisationCode: '08A', function: 'acute-commissioning', responsibleBodyCode: '08R', from: '2018-01-01', until: '2018-06-01', basis: 'b' },
        { organisationCode: '08B', function: 'continuing-healthcare', responsibleBodyCode: '08B', from: '2018-01-01', until: '2017-06-01', basis: 'c' },
      ],
      mergers: [
        { kind: 'merger', predecessorCodes: ['08A', '08L'], successorCode: 'X01', effectiveOn: '2018-04-01' },
        { kind: 'merger', predecessorCodes: ['08A'], successorCode: 'X02', effectiveOn: '2019-04-01' },
        { kind: 'absorption', predecessorCodes: ['X01'], successorCode: '08L', effectiveOn: '2019-04-01' },
      ],
    };
    assert.deepEqual(registryProblems(broken), [
      '08A is a predecessor in more than one merger',
      'mergers from 08A, 08L lead back to 08L',
      'mergers from X01 lead back to X01',
      'Acute hospital services commissioning for 08A: two arrangements overlap (from 2017-06-01 and from 2018-01-01)',
      'NHS continuing healthcare for 08B: the arrangement must end after it starts (2018-01-01 to 2017-06-01)',
      'NHS continuing healthcare for 08B: a transfer must be to another body',
    ]);
  });

  it('turns decided interventions into registry changes', () => {
    assert.deepEqual(
      registryChangesOf({ kind: 'transfer-of-functions', functions: ['acute-commissioning', 'continuing-healthcare'], toBodyCode: '08Q', from: '2017-06-01', until: null, summary: 's' }, '08A', 'case 7, intervention 1'),
      {
        records: [
          { organisationCode: '08A', function: 'acute-commissioning', responsibleBodyCode: '08Q', from: '2017-06-01', until: null, basis: 'case 7, intervention 1' },
          { organisationCode: '08A', function: 'continuing-healthcare', responsibleBodyCode: '08Q', from: '2017-06-01', until: null, basis: 'case 7, intervention 1' },
        ],
        mergers: [],
      },
    );
    assert.deepEqual(registryChangesOf({ kind: 'merger', partnerCodes: ['08L'], successorCode: 'X01', effectiveOn: '2018-04-01', summary: 's' }, '08A', 'b').mergers, [
      { kind: 'merger', predecessorCodes: ['08A', '08L'], successorCode: 'X01', effectiveOn: '2018-04-01' },
    ]);
    assert.deepEqual(registryChangesOf({ kind: 'dissolution', successorCode: '08Q', effectiveOn: '2018-04-01', summary: 's' }, '08A', 'b').mergers, [
      { kind: 'absorption', predecessorCodes: ['08A'], successorCode: '08Q', effectiveOn: '2018-04-01' },
    ]);
    assert.deepEqual(registryChangesOf({ kind: 'change-of-leadership', posts: ['Accountable officer'], summary: 's' }, '08A', 'b'), { records: [], mergers: [] });
  });
});
