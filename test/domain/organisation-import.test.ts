import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { describeProblem, readCsv, type InputProblem } from '../../src/domain/csv/decode.ts';
import { checkReferences, IMPORT_COLUMNS, parseOrganisationImport } from '../../src/domain/organisations/parse-import.ts';
import type { OrganisationRecord } from '../../src/domain/organisations/organisation.ts';

function parse(text: string | Uint8Array) {
  const table = readCsv(typeof text === 'string' ? new TextEncoder().encode(text) : text);
  if ('problems' in table) return table;
  return parseOrganisationImport(table);
}

function problemsOf(text: string | Uint8Array): readonly InputProblem[] {
  const result = parse(text);
  assert.ok('problems' in result, 'expected the import to be refused');
  return result.problems;
}

const HEADER = 'code,ons_code,name,type,region,population,established_on,closed_on,successor,peers\n';

describe('organisation import file', () => {
  it('reads a valid file into records, peers in order', () => {
    const result = parse(`${HEADER}Y56,,London,nhs-england-region,,,,,,\n07L,E38000004,NHS Barking and Dagenham CCG,ccg,Y56,201979,2013-04-01,,,08F 08M\n`);
    assert.ok('records' in result);
    assert.equal(result.records.length, 2);
    assert.deepEqual(result.records[1], {
      code: '07L',
      onsCode: 'E38000004',
      name: 'NHS Barking and Dagenham CCG',
      type: 'ccg',
      regionCode: 'Y56',
      population: 201979,
      establishedOn: '2013-04-01',
      closedOn: null,
      successorCode: null,
      peerCodes: ['08F', '08M'],
    });
    assert.equal(result.lines.get('07L'), 3);
  });

  it('accepts a byte-order mark, CRLF line ends and only the required columns', () => {
    const result = parse('\uFEFFcode,name,type\r\n01A,NHS East Lancashire CCG,ccg\r\n');
    assert.ok('records' in result);
    assert.equal(result.records[0]?.code, '01A');
  });

  it('refuses unknown columns, naming them and listing the known ones', () => {
    const [problem] = problemsOf('code,name,type,colour\n01A,X,ccg,red\n');
    assert.equal(problem?.row, 1);
    assert.match(problem.message, /unknown column "colour"/);
    assert.match(problem.message, new RegExp(IMPORT_COLUMNS.join(', ')));
  });

  it('refuses a file without the required columns', () => {
    const [problem] = problemsOf('code,name\n01A,X\n');
    assert.match(problem?.message ?? '', /lacks the required column type/);
  });

  it('names the row and field of a missing code', () => {
    const problems = problemsOf(`${HEADER}01A,,A,ccg,,,,,,\n,,B,ccg,,,,,,\n`);
    assert.deepEqual(problems, [{ row: 3, field: 'code', message: 'must not be empty' }]);
    assert.equal(describeProblem('orgs.csv', problems[0] as InputProblem), 'orgs.csv, row 3, field "code": must not be empty');
  });

  it('refuses duplicate codes, naming both rows', () => {
    const problems = problemsOf(`${HEADER}01A,,A,ccg,,,,,,\n02A,,B,ccg,,,,,,\n01A,,C,ccg,,,,,,\n`);
    assert.deepEqual(problems, [{ row: 4, field: 'code', message: 'repeats code 01A, first given on row 2' }]);
  });

  it('refuses duplicate ONS codes', () => {
    const problems = problemsOf(`${HEADER}01A,E38000001,A,ccg,,,,,,\n02A,E38000001,B,ccg,,,,,,\n`);
    assert.equal(problems[0]?.field, 'ons_code');
  });

  it('checks every field of a row and reports each problem', () => {
    const problems = problemsOf(`${HEADER}0a,E1,Name,clinic,Y5!,-3,2013-02-30,2012-01-01,0a,01A 01A\n`);
    const fields = problems.map((problem) => problem.field);
    for (const field of ['code', 'type', 'ons_code', 'population', 'established_on', 'region', 'successor', 'peers']) {
      assert.ok(fields.includes(field), `expected a problem with ${field}: ${JSON.stringify(problems)}`);
    }
  });

  it('refuses a closing date before the establishing date', () => {
    const problems = problemsOf(`${HEADER}01A,,A,ccg,,,2015-04-01,2014-03-31,,\n`);
    assert.deepEqual(problems, [{ row: 2, field: 'closed_on', message: 'must not be before established_on (2015-04-01)' }]);
  });

  it('refuses malformed CSV with the line', () => {
    const [problem] = problemsOf(`${HEADER}01A,,"unclosed,ccg,,,,,,\n`);
    assert.match(problem?.message ?? '', /is not valid CSV/);
  });

  it('refuses rows with the wrong number of cells', () => {
    const [problem] = problemsOf('code,name,type\n01A,A\n');
    assert.match(problem?.message ?? '', /is not valid CSV/);
    assert.equal(problem?.row, 2);
  });

  it('refuses text that is not UTF-8, naming the line', () => {
    const latin1 = Uint8Array.from([...new TextEncoder().encode('code,name,type\n01A,'), 0xe9, ...new TextEncoder().encode('x,ccg\n')]);
    const [problem] = problemsOf(latin1);
    assert.equal(problem?.row, 2);
    assert.match(problem.message, /not UTF-8/);
  });

  it('refuses an empty file and a file with only a header', () => {
    assert.match(problemsOf('')[0]?.message ?? '', /is empty/);
    assert.match(problemsOf('  \n\n')[0]?.message ?? '', /is empty/);
    assert.match(problemsOf('code,name,type\n')[0]?.message ?? '', /no data rows/);
  });

  it('reads back exactly what an export writes (property)', () => {
    const code = fc.stringMatching(/^[A-Z0-9]{3,6}$/);
    const record = fc.record({
      code,
      onsCode: fc.option(fc.stringMatching(/^E[0-9]{8}$/), { nil: null }),
      name: fc.string({ minLength: 1, maxLength: 60 }).filter((name) => name.trim() === name && name !== ''),
      type: fc.constantFrom('ccg', 'icb', 'trust', 'local-authority', 'integrated-provider', 'nhs-england-region' as const),
      population: fc.option(fc.nat({ max: 10_000_000 }), { nil: null }),
    });
    fc.assert(
      fc.property(fc.uniqueArray(record, { minLength: 1, maxLength: 20, selector: (r) => r.code }), (records) => {
        fc.pre(new Set(records.flatMap((r) => (r.onsCode === null ? [] : [r.onsCode]))).size === records.filter((r) => r.onsCode !== null).length);
        const full: OrganisationRecord[] = records.map((r) => ({ ...r, regionCode: null, establishedOn: null, closedOn: null, successorCode: null, peerCodes: [] }));
        const csv = stringify([
          [...IMPORT_COLUMNS],
          ...full.map((r) => [r.code, r.onsCode ?? '', r.name, r.type, '', r.population === null ? '' : String(r.population), '', '', '', '']),
        ]);
        const result = parse(csv);
        assert.ok('records' in result, JSON.stringify(result));
        assert.deepEqual(result.records, full);
      }),
      { numRuns: 200 },
    );
  });
});

describe('organisation references', () => {
  const base: OrganisationRecord = {
    code: '01A',
    onsCode: null,
    name: 'A',
    type: 'ccg',
    regionCode: null,
    population: null,
    establishedOn: null,
    closedOn: null,
    successorCode: null,
    peerCodes: [],
  };

  it('accepts references to organisations in the file or already stored', () => {
    const records = [{ ...base, regionCode: 'Y56', successorCode: '02B', peerCodes: ['03C'] }, { ...base, code: '02B' }];
    const stored = new Map([
      ['Y56', 'nhs-england-region' as const],
      ['03C', 'ccg' as const],
    ]);
    assert.deepEqual(checkReferences(records, stored), []);
  });

  it('names the row of a reference to an unknown organisation', () => {
    const problems = checkReferences([{ ...base, peerCodes: ['99Z'] }], new Map(), new Map([['01A', 7]]));
    assert.deepEqual(problems, [{ row: 7, field: 'peers', message: '01A refers to 99Z, which is neither in the file nor in the registry' }]);
  });

  it('refuses a region that is not an NHS England region', () => {
    const problems = checkReferences([{ ...base, regionCode: '02B' }, { ...base, code: '02B' }], new Map());
    assert.equal(problems.length, 1);
    assert.match(problems[0]?.message ?? '', /not an nhs-england-region/);
  });
});
