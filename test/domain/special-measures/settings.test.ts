import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeIntervention, INTERVENTION_KINDS, type Intervention } from '../../../src/domain/special-measures/interventions.ts';
import { DEFAULT_CASE_SETTINGS, parseCaseSettings } from '../../../src/domain/special-measures/settings.ts';

describe('case settings', () => {
  it('default to 12 months, a plan in 6 weeks, monthly reports and one extension of up to 6 months', () => {
    assert.deepEqual(DEFAULT_CASE_SETTINGS, {
      specialMeasuresMonths: 12,
      planDueWeeks: 6,
      externalReviewDueMonths: 3,
      progressReportEveryMonths: 1,
      maxExtensions: 1,
      longestExtensionMonths: 6,
      dueDatesOnWorkingDays: true,
    });
    const two = parseCaseSettings({ maxExtensions: 2 });
    assert.ok(two.ok);
    assert.deepEqual(two.value, { ...DEFAULT_CASE_SETTINGS, maxExtensions: 2 });
  });

  it('name each wrong field', () => {
    const parsed = parseCaseSettings({ maxExtensions: 1.5, planDueWeeks: '6', specialMeasureMonths: 12 });
    assert.ok(!parsed.ok);
    assert.deepEqual(parsed.problems, [
      { field: 'planDueWeeks', message: 'Invalid input: expected number, received string' },
      { field: 'maxExtensions', message: 'must be a whole number' },
      { field: 'specialMeasureMonths', message: 'is not a known field' },
    ]);
  });
});

describe('interventions', () => {
  it('describe each kind in one line', () => {
    const examples: Record<(typeof INTERVENTION_KINDS)[number], Intervention> = {
      'legal-directions': { kind: 'legal-directions', directionId: 'D-1', summary: 's' },
      'change-of-leadership': { kind: 'change-of-leadership', posts: ['Accountable officer', 'Chief finance officer'], summary: 's' },
      'transfer-of-functions': { kind: 'transfer-of-functions', functions: ['acute-commissioning'], toBodyCode: '08Q', from: '2017-06-01', until: '2018-06-01', summary: 's' },
      'shared-management': { kind: 'shared-management', partnerCode: '02W', from: '2017-06-01', summary: 's' },
      merger: { kind: 'merger', partnerCodes: ['02T', '02W'], successorCode: 'X01', effectiveOn: '2018-04-01', summary: 's' },
      dissolution: { kind: 'dissolution', successorCode: '02W', effectiveOn: '2018-04-01', summary: 's' },
    };
    assert.deepEqual(Object.values(examples).map(describeIntervention), [
      'Legal directions (D-1)',
      'Change of leadership: Accountable officer, Chief finance officer',
      'Acute hospital services commissioning transferred to 08Q from 2017-06-01 until 2018-06-01',
      'Shared management with 02W from 2017-06-01',
      'Merger with 02T, 02W into X01 on 2018-04-01',
      'Dissolution on 2018-04-01, population served by 02W',
    ]);
  });
});
