import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LegalDirection } from '../../../src/domain/special-measures/directions.ts';
import { type Publication, publicRegister, type RegisterCase } from '../../../src/domain/special-measures/register.ts';
import { proposedCase, TO_IMPLEMENTING, walk } from './support.ts';

const NAMES = new Map([
  ['02N', 'NHS Airedale, Wharfedale and Craven CCG'],
  ['02T', 'NHS Calderdale CCG'],
]);

const published = (kind: Publication['kind'], text: string, publishedOn: string): Publication => ({ kind, text, status: 'published', publishedOn });

const DIRECTION: LegalDirection = {
  id: 'D-02T',
  organisationCode: '02T',
  legalBasis: 's.14Z21 NHS Act 2006',
  title: 'Directions to NHS Calderdale CCG',
  requirements: [{ text: 'Submit a financial recovery plan', dueOn: '2016-09-30' }],
  appliedOn: '2016-08-01',
  variations: [{ on: '2016-10-01', summary: 'Deadline moved', requirements: [{ text: 'Submit a financial recovery plan', dueOn: '2016-11-30' }] }],
  liftedOn: null,
  published: true,
};

describe('public register', () => {
  const implementing = walk(proposedCase(), TO_IMPLEMENTING).case;
  const source: RegisterCase = {
    case: implementing,
    publications: [
      published('reasons', 'Rated inadequate; serious financial concerns.', '2016-07-20'),
      published('plan-summary', 'Recover financial balance within 12 months.', '2016-07-25'),
      published('progress-update', 'First month: recovery plan agreed.', '2016-08-20'),
      { kind: 'progress-update', text: 'DRAFT: board minutes say the deficit is worse', status: 'draft', publishedOn: null },
      published('progress-update', 'Second month: not yet published at the date asked', '2016-09-20'),
    ],
  };

  it('shows what was published by the date, the entry and the review date, and nothing internal', () => {
    const register = publicRegister([source], [DIRECTION], NAMES, '2016-09-01');
    assert.deepEqual(register, [
      {
        organisationCode: '02N',
        organisationName: 'NHS Airedale, Wharfedale and Craven CCG',
        specialMeasures: {
          enteredOn: implementing.entry?.enteredOn,
          basis: 'agreed-with-ccg',
          reviewBy: implementing.deadline,
          extended: false,
          reasons: [{ text: 'Rated inadequate; serious financial concerns.', publishedOn: '2016-07-20' }],
          planSummary: { text: 'Recover financial balance within 12 months.', publishedOn: '2016-07-25' },
          progressUpdates: [{ text: 'First month: recovery plan agreed.', publishedOn: '2016-08-20' }],
        },
        directions: [],
      },
      {
        organisationCode: '02T',
        organisationName: 'NHS Calderdale CCG',
        specialMeasures: null,
        directions: [{ id: 'D-02T', title: 'Directions to NHS Calderdale CCG', legalBasis: 's.14Z21 NHS Act 2006', appliedOn: '2016-08-01', variedOn: [], requirements: [{ text: 'Submit a financial recovery plan', dueOn: '2016-09-30' }] }],
      },
    ]);
    const text = JSON.stringify(register);
    for (const internal of ['DRAFT', implementing.proposal.reason, 'Thin finance team', 'Milestones on track', 'Reason for']) assert.ok(!text.includes(internal), `${internal} leaked`);
  });

  it('leaves out a case until its reasons are published, cases that never entered or have ended, and unpublished or lifted directions', () => {
    assert.deepEqual(publicRegister([{ ...source, publications: source.publications.filter((publication) => publication.kind !== 'reasons') }], [], NAMES, '2016-09-01'), []);
    assert.deepEqual(publicRegister([{ ...source, case: proposedCase() }], [], NAMES, '2016-09-01'), []);
    const exited = walk(implementing, ['begin-deadline-review', 'exit']).case;
    assert.deepEqual(publicRegister([{ ...source, case: exited }], [], NAMES, '2016-09-01'), []);
    assert.deepEqual(publicRegister([], [{ ...DIRECTION, published: false }], NAMES, '2016-09-01'), []);
    assert.deepEqual(publicRegister([], [{ ...DIRECTION, liftedOn: '2016-08-31' }], NAMES, '2016-09-01'), []);
    const later = publicRegister([], [DIRECTION], NAMES, '2016-10-01');
    assert.deepEqual(later[0]?.directions[0]?.variedOn, ['2016-10-01']);
    assert.deepEqual(later[0].directions[0].requirements, [{ text: 'Submit a financial recovery plan', dueOn: '2016-11-30' }]);
  });
});
