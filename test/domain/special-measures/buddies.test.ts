import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type PeerRating, suggestBuddies } from '../../../src/domain/special-measures/buddies.ts';

const rated = (level: string, label: string): PeerRating => ({ level, label, publishedOn: '2016-07-21' });
const OUTSTANDING = rated('outstanding', 'Outstanding');
const GOOD = rated('good', 'Good');
const RI = rated('requires-improvement', 'Requires improvement');

describe('buddy CCGs', () => {
  it('suggests similar CCGs rated outstanding before good, then by similarity, saying why', () => {
    const answer = suggestBuddies({
      organisationCode: '02N',
      peerCodes: ['02W', '03A', '02T', '03C', '03E'],
      ratings: new Map([['02W', GOOD], ['03A', RI], ['02T', OUTSTANDING], ['03C', GOOD]]),
    });
    assert.deepEqual(answer.suggestions, [
      { organisationCode: '02T', level: 'outstanding', similarityRank: 3, why: 'Rated Outstanding (published 21 July 2016) and the 3rd most similar of 5 similar CCGs to 02N.' },
      { organisationCode: '02W', level: 'good', similarityRank: 1, why: 'Rated Good (published 21 July 2016) and the most similar of 5 similar CCGs to 02N.' },
      { organisationCode: '03C', level: 'good', similarityRank: 4, why: 'Rated Good (published 21 July 2016) and the 4th most similar of 5 similar CCGs to 02N.' },
    ]);
    assert.deepEqual(answer.passedOver, []);
  });

  it('passes over peers that cannot buddy now, with the reason, and never suggests the organisation itself', () => {
    const answer = suggestBuddies({
      organisationCode: '02N',
      peerCodes: ['02N', '02W', '02T'],
      ratings: new Map([['02N', OUTSTANDING], ['02W', OUTSTANDING], ['02T', GOOD]]),
      unavailable: new Map([['02W', 'in special measures since 1 August 2016']]),
    });
    assert.deepEqual(answer.suggestions.map((suggestion) => suggestion.organisationCode), ['02T']);
    assert.deepEqual(answer.passedOver, [{ organisationCode: '02W', reason: 'in special measures since 1 August 2016' }]);
  });

  it('only ever suggests qualifying peers, each once, in level then similarity order (property)', () => {
    const codes = ['A01', 'A02', 'A03', 'A04', 'A05', 'A06'];
    fc.assert(
      fc.property(fc.shuffledSubarray(codes), fc.array(fc.constantFrom(OUTSTANDING, GOOD, RI, rated('inadequate', 'Inadequate')), { minLength: codes.length, maxLength: codes.length }), (peers, levels) => {
        const ratings = new Map(codes.map((code, index) => [code, levels[index] ?? GOOD]));
        const { suggestions } = suggestBuddies({ organisationCode: 'A00', peerCodes: peers, ratings });
        const qualifying = peers.filter((code) => ['outstanding', 'good'].includes(ratings.get(code)?.level ?? ''));
        assert.deepEqual(suggestions.map((suggestion) => suggestion.organisationCode).toSorted(), qualifying.toSorted());
        for (let index = 1; index < suggestions.length; index++) {
          const [before, after] = [suggestions[index - 1], suggestions[index]];
          assert.ok(before !== undefined && after !== undefined);
          const order = (level: string) => (level === 'outstanding' ? 0 : 1);
          assert.ok(order(before.level) < order(after.level) || (before.level === after.level && before.similarityRank < after.similarityRank));
        }
      }),
    );
  });
});
