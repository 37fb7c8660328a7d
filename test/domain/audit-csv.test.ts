import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { appendToChain, GENESIS } from '../../src/domain/audit/chain.ts';
import { AUDIT_CSV_COLUMNS, auditCsvHeader, auditCsvLines } from '../../src/domain/audit/csv.ts';
import { spreadsheetSafe } from '../../src/domain/csv/spreadsheet-safe.ts';

describe('spreadsheet-safe CSV cells', () => {
  it('puts an apostrophe before text a spreadsheet would run as a formula', () => {
    for (const formula of ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) assert.equal(spreadsheetSafe(formula), `'${formula}`);
    for (const plain of ['NHS Leeds CCG', '02N', '', '2026-04-01T00:00:00.000000Z', 'a=b']) assert.equal(spreadsheetSafe(plain), plain);
  });
});

describe('audit CSV export', () => {
  it('writes every stored field, quoted where needed, and neutralises formulas in any cell', () => {
    const [event] = appendToChain(
      GENESIS,
      [
        {
          actor: { kind: 'user', userId: 'u-1', email: 'a@nhs.net', displayName: '=cmd|calc', grants: [] },
          action: 'rating.override',
          object: { type: 'rating', id: '@r1' },
          before: null,
          after: { note: 'line one\nline "two", three' },
          reason: '+ because',
        },
      ],
      new Date('2026-04-01T09:00:00Z'),
    );
    assert.ok(event !== undefined);
    const text = auditCsvHeader() + auditCsvLines([event]);
    const rows = parse<Record<string, string>>(text, { columns: true });
    assert.equal(rows.length, 1);
    assert.deepEqual(Object.keys(rows[0] ?? {}), [...AUDIT_CSV_COLUMNS]);
    assert.deepEqual(rows[0], {
      sequence: '1',
      occurred_at: '2026-04-01T09:00:00.000000Z',
      actor_kind: 'user',
      actor_id: 'u-1',
      actor_label: "'=cmd|calc <a@nhs.net>",
      action: 'rating.override',
      object_type: 'rating',
      object_id: "'@r1",
      reason: "'+ because",
      request_id: '',
      before: '',
      after: '{"note":"line one\\nline \\"two\\", three"}',
      previous_hash: GENESIS.hash,
      hash: event.hash,
    });
    assert.equal(auditCsvLines([]), '');
  });
});
