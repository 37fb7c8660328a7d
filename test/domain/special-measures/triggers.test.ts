import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_TRIGGER_CONFIG, parseTriggerConfig, type TriggerConfig } from '../../../src/domain/special-measures/trigger-config.ts';
import { completePeriodsUpTo } from '../../../src/domain/special-measures/trigger-periods.ts';
import { type AuditFinding, evaluateTriggers, latestRating, type OrganisationEvidence, proposeCases, type PublishedRating } from '../../../src/domain/special-measures/triggers.ts';

const SOURCE = 'CCG assurance 2015/16 headline assessment';
const INADEQUATE: PublishedRating = { level: 'inadequate', label: 'Inadequate', publishedOn: '2016-07-21', source: SOURCE };
const REQUIRES_IMPROVEMENT: PublishedRating = { level: 'requires-improvement', label: 'Requires improvement', publishedOn: '2016-07-21', source: SOURCE };
const GOOD: PublishedRating = { level: 'good', label: 'Good', publishedOn: '2017-07-20', source: 'CCG IAF 2016/17 annual assessment' };

function evidence(organisationCode: string, parts: Partial<Omit<OrganisationEvidence, 'organisationCode'>> = {}): OrganisationEvidence {
  return { organisationCode, ratings: [], concerns: [], finances: [], auditFindings: [], ...parts };
}

function config(overrides: (config: TriggerConfig) => TriggerConfig): TriggerConfig {
  return overrides(DEFAULT_TRIGGER_CONFIG);
}

describe('triggers that propose a case', () => {
  it('propose an organisation whose rating in force is inadequate, citing the rating', () => {
    const proposals = proposeCases([evidence('02N', { ratings: [INADEQUATE] }), evidence('02T', { ratings: [INADEQUATE, GOOD] }), evidence('03A')], DEFAULT_TRIGGER_CONFIG, '2017-08-01');
    assert.deepEqual(proposals, [{ organisationCode: '02N', findings: [{ kind: 'inadequate-rating', explanation: `Rated Inadequate in the ${SOURCE}, published 21 July 2016.` }] }]);
    assert.deepEqual(evaluateTriggers(evidence('02T', { ratings: [INADEQUATE, GOOD] }), DEFAULT_TRIGGER_CONFIG, '2017-07-19').map((finding) => finding.kind), ['inadequate-rating'], 'the good rating is not yet published');
    const notAssured = { level: 'not-assured', label: 'Not assured', publishedOn: '2014-06-01', source: 'CCG assurance 2013/14 Q4' };
    assert.equal(evaluateTriggers(evidence('07P', { ratings: [notAssured] }), DEFAULT_TRIGGER_CONFIG, '2014-07-01').length, 1);
  });

  it('propose requires improvement only with serious concerns in each of the last complete periods', () => {
    const concerns = [
      { on: '2016-05-10', kind: 'financial', serious: true, note: 'Forecast deficit of £4m' },
      { on: '2016-08-03', kind: 'operational', serious: true, note: 'A&E at 81%' },
      { on: '2016-08-20', kind: 'operational', serious: false, note: 'RTT slipping' },
    ] as const;
    const organisation = evidence('02N', { ratings: [REQUIRES_IMPROVEMENT], concerns });
    assert.deepEqual(evaluateTriggers(organisation, DEFAULT_TRIGGER_CONFIG, '2016-10-15'), [
      {
        kind: 'persistent-concerns',
        explanation:
          `Rated Requires improvement in the ${SOURCE}, published 21 July 2016, with serious financial or operational concerns flagged in each of the 2 quarters to 30 September 2016 ` +
          '(April to June 2016: financial, 10 May 2016: Forecast deficit of £4m | July to September 2016: operational, 3 August 2016: A&E at 81%).',
      },
    ]);
    assert.deepEqual(evaluateTriggers(organisation, DEFAULT_TRIGGER_CONFIG, '2016-09-29'), [], 'July to September is not complete until its last day');
    assert.equal(evaluateTriggers(organisation, DEFAULT_TRIGGER_CONFIG, '2016-09-30').length, 1);
    assert.deepEqual(evaluateTriggers(organisation, config((c) => ({ ...c, persistentConcerns: { ...c.persistentConcerns, consecutivePeriods: 3 } })), '2016-10-15'), [], 'nothing flagged January to March');
    assert.deepEqual(evaluateTriggers(organisation, config((c) => ({ ...c, persistentConcerns: { ...c.persistentConcerns, concernKinds: ['operational'] } })), '2016-10-15'), []);
    assert.deepEqual(evaluateTriggers({ ...organisation, ratings: [GOOD] }, DEFAULT_TRIGGER_CONFIG, '2017-10-15'), [], 'a good rating is not a trigger whatever the concerns');
  });

  it('propose finances seriously off plan, from the threshold up, citing the figures', () => {
    const position = { periodEnd: '2016-09-30', allocation: 300_000, plannedSurplus: 1_000, forecastSurplus: -3_000 };
    assert.deepEqual(evaluateTriggers(evidence('02N', { finances: [position] }), DEFAULT_TRIGGER_CONFIG, '2016-10-15'), [
      {
        kind: 'financial-variance',
        explanation:
          'Financial performance is seriously off plan in the latest financial report (threshold 1% of allocation): at 30 September 2016 the forecast is a deficit of £3,000k against a planned surplus of £1,000k: £4,000k worse than plan, 1.3% of the £300,000k allocation.',
      },
    ]);
    const atThreshold = { ...position, forecastSurplus: -2_000 };
    const justUnder = { ...position, forecastSurplus: -1_999 };
    assert.equal(evaluateTriggers(evidence('02N', { finances: [atThreshold] }), DEFAULT_TRIGGER_CONFIG, '2016-10-15').length, 1);
    assert.equal(evaluateTriggers(evidence('02N', { finances: [justUnder] }), DEFAULT_TRIGGER_CONFIG, '2016-10-15').length, 0);
    const twoReports = config((c) => ({ ...c, financialVariance: { ...c.financialVariance, consecutiveReports: 2 } }));
    const earlier = { ...position, periodEnd: '2016-06-30', forecastSurplus: 900 };
    assert.equal(evaluateTriggers(evidence('02N', { finances: [position, earlier] }), twoReports, '2016-10-15').length, 0, 'the earlier report was on plan');
    assert.equal(evaluateTriggers(evidence('02N', { finances: [position, { ...earlier, forecastSurplus: -5_000 }] }), twoReports, '2016-10-15').length, 1);
    assert.equal(evaluateTriggers(evidence('02N', { finances: [position] }), DEFAULT_TRIGGER_CONFIG, '2016-09-29').length, 0, 'a report after the date is not read');
  });

  it('propose weak financial controls found by audit, unresolved and recent enough', () => {
    const finding: AuditFinding = { reportedOn: '2016-03-01', auditor: 'internal', severity: 'high', aboutFinancialControls: true, summary: 'No reconciliation of the ledger for six months', resolvedOn: null };
    assert.deepEqual(evaluateTriggers(evidence('02N', { auditFindings: [finding] }), DEFAULT_TRIGGER_CONFIG, '2016-10-15'), [
      {
        kind: 'weak-financial-controls',
        explanation: 'Weak financial controls found by audit in the 12 months to 15 October 2016 and not resolved: internal audit, 1 March 2016 (high): No reconciliation of the ledger for six months.',
      },
    ]);
    const none = (parts: Partial<typeof finding>, asOf = '2016-10-15') => evaluateTriggers(evidence('02N', { auditFindings: [{ ...finding, ...parts }] }), DEFAULT_TRIGGER_CONFIG, asOf);
    assert.deepEqual(none({ resolvedOn: '2016-09-01' }), []);
    assert.deepEqual(none({ severity: 'medium' }), []);
    assert.deepEqual(none({ aboutFinancialControls: false }), []);
    assert.deepEqual(none({}, '2017-03-01'), [], 'twelve months on, the finding is too old');
    assert.equal(none({}, '2017-02-28').length, 1);
    assert.equal(none({ resolvedOn: '2016-11-01' }).length, 1, 'resolved only after the date');
  });

  it('leave a disabled trigger silent and list every trigger that fires', () => {
    const all = evidence('02N', {
      ratings: [INADEQUATE],
      finances: [{ periodEnd: '2016-09-30', allocation: 100_000, plannedSurplus: 0, forecastSurplus: -5_000 }],
    });
    assert.deepEqual(evaluateTriggers(all, DEFAULT_TRIGGER_CONFIG, '2016-10-15').map((finding) => finding.kind), ['inadequate-rating', 'financial-variance']);
    assert.deepEqual(evaluateTriggers(all, config((c) => ({ ...c, inadequateRating: { ...c.inadequateRating, enabled: false } })), '2016-10-15').map((finding) => finding.kind), ['financial-variance']);
  });

  it('fire on a rating exactly when the rating in force is one of the configured levels (property)', () => {
    const rating = fc.record({ level: fc.constantFrom('outstanding', 'good', 'requires-improvement', 'inadequate'), label: fc.constant('x'), publishedOn: fc.constantFrom('2016-07-21', '2017-07-20', '2018-07-12'), source: fc.constant('s') });
    fc.assert(
      fc.property(fc.array(rating, { maxLength: 5 }), fc.constantFrom('2016-01-01', '2016-08-01', '2017-08-01', '2019-01-01'), (ratings, asOf) => {
        const inForce = ratings.filter((candidate) => candidate.publishedOn <= asOf).toSorted((a, b) => a.publishedOn.localeCompare(b.publishedOn)).at(-1);
        const fired = evaluateTriggers(evidence('02N', { ratings }), DEFAULT_TRIGGER_CONFIG, asOf).some((finding) => finding.kind === 'inadequate-rating');
        assert.equal(fired, inForce?.level === 'inadequate');
        assert.equal(latestRating(ratings, asOf)?.publishedOn, inForce?.publishedOn);
      }),
    );
  });

  it('never propose more as the financial threshold rises (property)', () => {
    const position = fc.record({ periodEnd: fc.constantFrom('2016-06-30', '2016-09-30'), allocation: fc.integer({ min: 1, max: 500_000 }), plannedSurplus: fc.integer({ min: -10_000, max: 10_000 }), forecastSurplus: fc.integer({ min: -20_000, max: 10_000 }) });
    fc.assert(
      fc.property(fc.array(position, { maxLength: 3 }), fc.double({ min: 0.1, max: 5, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true }), (finances, low, extra) => {
        const at = (percent: number) => config((c) => ({ ...c, financialVariance: { ...c.financialVariance, percentOfAllocation: percent } }));
        const fires = (percent: number) => evaluateTriggers(evidence('02N', { finances }), at(percent), '2016-12-31').length > 0;
        if (fires(low + extra)) assert.ok(fires(low));
      }),
    );
  });
});

describe('trigger configuration', () => {
  it('takes defaults for everything left out', () => {
    const parsed = parseTriggerConfig({ persistentConcerns: { period: 'month' } });
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.value, { ...DEFAULT_TRIGGER_CONFIG, persistentConcerns: { ...DEFAULT_TRIGGER_CONFIG.persistentConcerns, period: 'month' } });
    assert.deepEqual(DEFAULT_TRIGGER_CONFIG.inadequateRating.levels, ['inadequate', 'not-assured']);
  });

  it('names every field that is wrong, including misspelt ones', () => {
    const parsed = parseTriggerConfig({ persistentConcerns: { consecutivePeriods: 0, period: 'week' }, financialVariance: { percentOfAllocation: -1 }, weakFinancialControl: {} });
    assert.ok(!parsed.ok);
    assert.deepEqual(parsed.problems, [
      { field: 'persistentConcerns.period', message: 'Invalid option: expected one of "month"|"quarter"' },
      { field: 'persistentConcerns.consecutivePeriods', message: 'Too small: expected number to be >=1' },
      { field: 'financialVariance.percentOfAllocation', message: 'must be more than 0' },
      { field: 'weakFinancialControl', message: 'is not a known field' },
    ]);
  });
});

describe('complete calendar periods', () => {
  it('count back whole months and quarters, the current one only once it has ended', () => {
    assert.deepEqual(completePeriodsUpTo('2016-03-15', 'month', 2).map((period) => [period.start, period.end, period.label]), [
      ['2016-01-01', '2016-01-31', 'January 2016'],
      ['2016-02-01', '2016-02-29', 'February 2016'],
    ]);
    assert.deepEqual(completePeriodsUpTo('2016-03-31', 'month', 1).map((period) => period.end), ['2016-03-31']);
    assert.deepEqual(completePeriodsUpTo('2017-01-10', 'quarter', 2).map((period) => period.label), ['July to September 2016', 'October to December 2016']);
  });
});
