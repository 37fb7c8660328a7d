import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { moderationOverrides, pendingAndAcceptedOverrides, type Proposal, UNDECIDED_APPROVER } from '../../../src/domain/rounds/contributions.ts';

const proposal = (organisationCode: string, level: string, status: Proposal['status'], decidedBy: string | null = null): Proposal => ({
  organisationCode,
  level,
  rationale: `${organisationCode} to ${level}`,
  status,
  decidedBy,
});

describe('moderation overrides', () => {
  const proposals = [
    proposal('02T', 'good', 'accepted', 'Ana'),
    proposal('02T', 'inadequate', 'proposed'),
    proposal('02N', 'inadequate', 'proposed'),
    proposal('02N', 'requires-improvement', 'proposed'),
    proposal('08H', 'outstanding', 'rejected', 'Ana'),
  ];

  it('applies the accepted proposals only, as the round does', () => {
    assert.deepEqual(moderationOverrides(proposals), [{ org: '02T', level: 'good', rationale: '02T to good', approvedBy: 'Ana' }]);
  });

  it('adds, for the what-if, the latest proposal still awaiting a decision, never over an accepted one nor a rejected one', () => {
    assert.deepEqual(pendingAndAcceptedOverrides(proposals), [
      { org: '02N', level: 'requires-improvement', rationale: '02N to requires-improvement', approvedBy: UNDECIDED_APPROVER },
      { org: '02T', level: 'good', rationale: '02T to good', approvedBy: 'Ana' },
    ]);
  });
});
