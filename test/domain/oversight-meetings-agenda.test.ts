import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type AgendaInput, agendaFromJson, agendaSinceText, generateAgenda } from '../../src/domain/oversight/agenda.ts';
import { nextCheckpoint } from '../../src/domain/oversight/cadence.ts';
import { actionReminders, meetingReminders } from '../../src/domain/oversight/meeting-reminders.ts';
import type { FinanceSignal } from '../../src/domain/oversight/risk-evidence.ts';
import { addDays } from '../../src/domain/special-measures/calendar-months.ts';
import { REMINDER_CSV_COLUMNS, reminderCsv } from '../../src/domain/special-measures/reminders.ts';
import { indicator } from './oversight-risk-support.ts';

// A checkpoint's agenda from what changed since the last meeting, and what assurance through the year has to chase.

const AS_OF = '2016-09-20';

const FINANCE: FinanceSignal = {
  month: '2016-08-01',
  allocation: 400_000,
  controlTotal: 4_000,
  forecastSurplus: -2_000,
  forecastShortfall: 6_000,
  shortfallPercentOfAllocation: 1.5,
  yearToDateOverspend: 2_500,
  yearToDateOverspendPercent: 1.9,
};

const INPUT: AgendaInput = {
  asOf: AS_OF,
  lastHeldOn: '2016-07-18',
  yearStartsOn: '2016-04-01',
  indicators: [
    indicator('129a', { concern: true, specialCause: 'Below LCL', latestPeriodEnd: '2016-08-31' }),
    indicator('107a', { unfavourableTrend: true, specialCause: '7 Point Trend (Decreasing)', latestPeriodEnd: '2016-08-31' }),
    indicator('126a', { concern: true, specialCause: 'Below LCL', latestPeriodEnd: '2016-06-30' }),
    indicator('104a', { latestPeriodEnd: '2016-08-31' }),
  ],
  finance: FINANCE,
  financeThresholdPercent: 1,
  actions: [
    { id: 'a2', description: 'Refresh the recovery plan', owner: 'CFO', dueOn: '2016-10-01', status: 'open', agreedOn: '2016-07-18' },
    { id: 'a1', description: 'Report on A&E handovers', owner: 'COO', dueOn: '2016-09-01', status: 'open', agreedOn: '2016-07-18' },
    { id: 'a3', description: 'Done already', owner: 'COO', dueOn: '2016-08-01', status: 'done', agreedOn: '2016-07-18' },
    { id: 'a4', description: 'Far off', owner: 'COO', dueOn: '2016-12-01', status: 'open', agreedOn: '2016-07-18' },
  ],
  caseItems: [{ caseId: 'c1', kind: 'progress-report', description: 'Progress report 2', dueOn: '2016-09-10', by: 'ccg', status: 'overdue' }],
  dueSoonDays: 14,
};

describe('a meeting’s agenda', () => {
  it('lists what changed since the last meeting, then the actions and case items due, each with its source and date', () => {
    const agenda = generateAgenda(INPUT);
    assert.equal(agenda.since, '2016-07-18');
    assert.deepEqual(
      agenda.items.map((item) => [item.kind, item.title, item.date]),
      [
        ['indicator', 'Indicator 129a (129a)', '2016-08-31'],
        ['indicator', 'Indicator 107a (107a)', '2016-08-31'],
        ['finance', 'Finance: variance from plan', '2016-08-31'],
        ['action', 'Action overdue: Report on A&E handovers', '2016-09-01'],
        ['action', 'Action due soon: Refresh the recovery plan', '2016-10-01'],
        ['case-item', 'Progress report overdue', '2016-09-10'],
      ],
    );
    const sources = agenda.items.map((item) => item.source);
    const details = agenda.items.map((item) => item.detail);
    assert.deepEqual(sources.slice(0, 4), [
      'Indicator series in dataset demo-2016, through the SPC (Making Data Count rules)',
      'Indicator series in dataset demo-2016, through the SPC (Making Data Count rules)',
      'Monthly finance return for August 2016',
      'Action agreed at the meeting held on 18 July 2016',
    ]);
    assert.match(details[0] ?? '', /^Below LCL: the latest point \(90, for the period to 31 August 2016\) is a special cause in the unfavourable direction, over 24 monthly points\.$/);
    assert.match(details[1] ?? '', /trending the unfavourable way/);
    assert.match(details[2] ?? '', /£6,000k worse than the control total \(1\.5% of the £400,000k allocation; the financial trigger’s threshold is 1%, reached\)\. Year to date, spending is £2,500k over plan/);
    assert.deepEqual(agenda.items.map((item) => item.reference)[3], { type: 'action', id: 'a1' });
    assert.deepEqual(agenda.items.at(-1)?.reference, { type: 'case', id: 'c1' });
    assert.equal(agendaSinceText(agenda), 'Changes since the last meeting held, on 18 July 2016.');
  });

  it('reads changes from the assurance year’s start when no meeting was held, and leaves out finance on plan', () => {
    const agenda = generateAgenda({ ...INPUT, lastHeldOn: null, finance: { ...FINANCE, forecastShortfall: -10, yearToDateOverspend: 0 } });
    assert.equal(agenda.changesAfter, '2016-03-31');
    assert.deepEqual(agenda.items.filter((item) => item.kind === 'indicator').map((item) => item.title), ['Indicator 126a (126a)', 'Indicator 129a (129a)', 'Indicator 107a (107a)']);
    assert.equal(agenda.items.some((item) => item.kind === 'finance'), false);
    assert.equal(agendaSinceText(agenda), 'No meeting was held before this one in the assurance year: changes are read from 1 April 2016.');
  });

  it('reads back as stored, and reads anything else as empty', () => {
    const agenda = generateAgenda(INPUT);
    assert.deepEqual(agendaFromJson(JSON.parse(JSON.stringify(agenda)), { asOf: AS_OF, since: null }), agenda);
    assert.deepEqual(agendaFromJson('nonsense', { asOf: AS_OF, since: '2016-07-18' }).items, []);
    assert.deepEqual(agendaFromJson({ items: [{ kind: 'gossip', title: 'x' }, 7] }, { asOf: AS_OF, since: null }).items, []);
  });

  const Day = fc.integer({ min: -200, max: 60 }).map((offset) => addDays(AS_OF, offset));
  const Input: fc.Arbitrary<AgendaInput> = fc.record({
    asOf: fc.constant(AS_OF),
    lastHeldOn: fc.option(fc.integer({ min: -200, max: -1 }).map((offset) => addDays(AS_OF, offset)), { nil: null }),
    yearStartsOn: fc.constant('2016-04-01'),
    indicators: fc.array(
      fc.record({ code: fc.constantFrom('129a', '126a', '107a', '104a'), dataset: fc.constantFrom('a', 'b'), concern: fc.boolean(), unfavourableTrend: fc.boolean(), latestPeriodEnd: Day }).map(({ code, ...rest }) => indicator(code, rest)),
      { maxLength: 6 },
    ),
    finance: fc.option(fc.record({ month: fc.constantFrom('2016-04-01', '2016-06-01', '2016-08-01'), shortfall: fc.integer({ min: -5000, max: 5000 }), overspend: fc.integer({ min: -3000, max: 3000 }) }).map(({ month, shortfall, overspend }) => ({ ...FINANCE, month, forecastShortfall: shortfall, yearToDateOverspend: overspend })), { nil: null }),
    financeThresholdPercent: fc.constant(1),
    actions: fc.array(fc.record({ id: fc.uuid(), description: fc.constant('Do it'), owner: fc.constant('CFO'), dueOn: Day, status: fc.constantFrom('open', 'done', 'dropped'), agreedOn: fc.constant(null) }), { maxLength: 6 }),
    caseItems: fc.constant([]),
    dueSoonDays: fc.integer({ min: 0, max: 30 }),
  });

  it('holds whatever the evidence: changes dated after the last meeting, open actions due by the horizon, the same in any order', () => {
    fc.assert(
      fc.property(Input, fc.boolean(), (input, reverse) => {
        const agenda = generateAgenda(input);
        for (const item of agenda.items) {
          if (item.kind === 'indicator' || item.kind === 'finance') assert.ok(item.date > agenda.changesAfter && item.date <= input.asOf, `${item.title} on ${item.date}`);
        }
        const listed = new Set(agenda.items.flatMap((item) => (item.reference?.type === 'action' ? [item.reference.id] : [])));
        for (const action of input.actions) assert.equal(listed.has(action.id), action.status === 'open' && action.dueOn <= addDays(input.asOf, input.dueSoonDays), action.id);
        const reordered = { ...input, indicators: reverse ? input.indicators.toReversed() : input.indicators, actions: input.actions.toReversed() };
        assert.deepEqual(generateAgenda(reordered), agenda);
        const more = generateAgenda({ ...input, indicators: [...input.indicators, indicator('999z', { concern: true, latestPeriodEnd: input.asOf })] });
        assert.ok(more.items.length >= agenda.items.length, 'more evidence of change never shortens the agenda');
      }),
    );
  });
});

describe('reminders of assurance through the year', () => {
  it('lists open actions overdue or due soon with their owner', () => {
    const actions = [
      { organisationCode: '02N', regionCode: 'Y54', description: 'Send the plan', owner: 'CFO', dueOn: '2016-09-01', status: 'open' as const, agreedOn: '2016-07-18' },
      { organisationCode: '02T', regionCode: 'Y54', description: 'Soon', owner: 'COO', dueOn: '2016-10-01', status: 'open' as const, agreedOn: null },
      { organisationCode: '02T', regionCode: 'Y54', description: 'Later', owner: 'COO', dueOn: '2016-11-01', status: 'open' as const, agreedOn: null },
      { organisationCode: '02T', regionCode: 'Y54', description: 'Done', owner: 'COO', dueOn: '2016-08-01', status: 'done' as const, agreedOn: null },
    ];
    assert.deepEqual(actionReminders(actions, AS_OF, 14), [
      { dueOn: '2016-09-01', status: 'overdue', organisationCode: '02N', regionCode: 'Y54', item: 'checkpoint action', by: 'CFO', description: 'Send the plan (agreed at the meeting held on 18 July 2016)' },
      { dueOn: '2016-10-01', status: 'due', organisationCode: '02T', regionCode: 'Y54', item: 'checkpoint action', by: 'COO', description: 'Soon' },
    ]);
  });

  it('lists checkpoints overdue by the cadence, due soon with none scheduled, and scheduled ones not recorded', () => {
    const overdue = nextCheckpoint('enhanced', '2016-08-18', AS_OF);
    const soon = nextCheckpoint('standard', '2016-07-25', AS_OF);
    const reminders = meetingReminders(
      [
        { organisationCode: '00C', regionCode: 'Y54', checkpoint: overdue, scheduled: [{ scheduledOn: '2016-09-28', kind: 'visit' }] },
        { organisationCode: '02N', regionCode: 'Y54', checkpoint: soon, scheduled: [] },
        { organisationCode: '02T', regionCode: 'Y54', checkpoint: soon, scheduled: [{ scheduledOn: '2016-09-22', kind: 'checkpoint' }] },
        { organisationCode: '02W', regionCode: 'Y54', checkpoint: nextCheckpoint('light-touch', '2016-09-01', AS_OF), scheduled: [{ scheduledOn: '2016-09-05', kind: 'checkpoint' }] },
      ],
      AS_OF,
      14,
    );
    assert.deepEqual(
      reminders.map((reminder) => [reminder.organisationCode, reminder.status, reminder.dueOn, reminder.description]),
      [
        ['02W', 'overdue', '2016-09-05', 'Checkpoint meeting scheduled for 5 September 2016 is not recorded as held or cancelled'],
        ['00C', 'overdue', '2016-09-18', 'Assurance visit (face to face) due by 18 September 2016 at this intensity; the next is scheduled for 28 September 2016'],
        ['02N', 'due', '2016-09-25', 'Checkpoint meeting (video call) due by 25 September 2016 at this intensity; none is scheduled'],
      ],
    );
    assert.ok(reminders.every((reminder) => reminder.item === 'checkpoint meeting due' && reminder.by === 'nhs-england'));
  });

  it('join the case reminders in one CSV, case id empty, oldest first', () => {
    const caseReminder = { caseId: 'case-1', organisationCode: '02N', regionCode: 'Y54', kind: 'progress-report' as const, description: 'Progress report 2', dueOn: '2016-09-10', by: 'ccg' as const, status: 'overdue' as const };
    const other = { dueOn: '2016-09-01', status: 'overdue' as const, organisationCode: '02T', regionCode: 'Y54', item: 'checkpoint action', by: '=CFO', description: 'Send the plan' };
    const lines = reminderCsv([caseReminder], [other]).trim().split('\n');
    assert.equal(lines[0], REMINDER_CSV_COLUMNS.join(','));
    assert.deepEqual(lines.slice(1), ["2016-09-01,overdue,02T,Y54,,checkpoint action,'=CFO,Send the plan", '2016-09-10,overdue,02N,Y54,case-1,progress-report,ccg,Progress report 2']);
  });
});
