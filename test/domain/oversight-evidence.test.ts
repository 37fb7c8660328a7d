import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import writeXlsxFile from 'write-excel-file/node';
import { SYNTHETIC_NOTICE, syntheticCsv, syntheticPdf } from '../../src/domain/demo/evidence-documents.ts';
import {
  attachmentDisposition,
  checkEvidence,
  downloadFileName,
  EVIDENCE_FILE_TYPES,
  EVIDENCE_KIND_LABELS,
  EVIDENCE_KINDS,
  EVIDENCE_MAX_BYTES,
  type EvidenceFileType,
  sniffEvidenceFile,
  zipEntryNames,
} from '../../src/domain/oversight/evidence.ts';
import { minimalDocx, minimalPptx, storedZip } from '../support/zip.ts';

/** Control characters other than tab, line feed, form feed and carriage return. */
const hasControl = (text: string) => Array.from(text).some((character) => {
  const code = character.charCodeAt(0);
  return (code < 0x20 && ![0x09, 0x0a, 0x0c, 0x0d].includes(code)) || code === 0x7f;
});
const bytes = (text: string) => new TextEncoder().encode(text);
const PDF = bytes('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n');
const EXE = Uint8Array.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00]);

function sniffed(content: Uint8Array, name = 'file'): string {
  const result = sniffEvidenceFile(content, name);
  return result.ok ? result.type.mediaType : `refused: ${result.message}`;
}

function type(mediaType: string): EvidenceFileType {
  const found = EVIDENCE_FILE_TYPES.get(mediaType);
  assert.ok(found, mediaType);
  return found;
}

const good = { title: 'Governing body papers, March 2016', kind: 'board-papers', documentDate: '2016-03-24', fileName: 'papers.pdf', content: PDF };

describe('local evidence kinds', () => {
  it('are the kinds the table allows, each with a label', () => {
    assert.deepEqual([...EVIDENCE_KINDS], ['board-papers', 'internal-audit', 'external-audit', 'financial-plan', 'operational-plan', 'strategic-plan', 'annual-report', 'other']);
    for (const kind of EVIDENCE_KINDS) assert.ok(EVIDENCE_KIND_LABELS[kind].length > 0);
  });
});

describe('what a file is, from its content', () => {
  it('knows a PDF, PNG and JPEG by their first bytes, whatever the name', () => {
    assert.equal(sniffed(PDF, 'notes.txt'), 'application/pdf');
    assert.equal(sniffed(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), 'chart'), 'image/png');
    assert.equal(sniffed(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]), 'photo.png'), 'image/jpeg');
  });

  it('tells a Word document, an Excel workbook and a PowerPoint presentation apart by their main part', async () => {
    assert.equal(sniffed(minimalDocx(), 'a.zip'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    assert.equal(sniffed(minimalPptx()), 'application/vnd.openxmlformats-officedocument.presentationml.presentation');
    const workbook = await writeXlsxFile([[{ value: 'plan' }, { value: 12 }]]).toBuffer();
    assert.equal(sniffed(workbook, 'plan.docx'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.ok(zipEntryNames(workbook)?.includes('xl/workbook.xml'));
  });

  it('refuses a ZIP that is not an Office document, one with macros, and a damaged one', () => {
    assert.match(sniffed(storedZip({ 'report.pdf': '%PDF-1.4' }), 'report.docx'), /refused: is a ZIP archive, not a Word, Excel or PowerPoint document/);
    assert.match(sniffed(minimalDocx({ 'word/vbaProject.bin': 'macro' })), /refused: contains macros/);
    assert.match(sniffed(minimalDocx().subarray(0, 60)), /refused: looks like a ZIP archive but cannot be read/);
    assert.match(sniffed(storedZip({ '[Content_Types].xml': '<Types/>', 'visio/document.xml': '' })), /refused: is an Office Open XML package but not/);
  });

  it('takes UTF-8 text as plain text, or CSV when its name says so; refuses text with NULs or in UTF-16', () => {
    assert.equal(sniffed(bytes('month,plan,actual\n2016-04,100,98\n'), 'finance.CSV'), 'text/csv');
    assert.equal(sniffed(bytes('Minutes of the audit committee – 5 May\r\n'), 'minutes.pdf'), 'text/plain');
    assert.equal(sniffed(bytes('\uFEFFWith a byte-order mark\n'), 'bom.txt'), 'text/plain');
    assert.match(sniffed(Uint8Array.from([0x61, 0x00, 0x62])), /refused: is not a type of document Assure accepts/);
    assert.match(sniffed(Uint8Array.from([0xff, 0xfe, 0x61, 0x00])), /refused: is UTF-16 text/);
    assert.match(sniffed(Uint8Array.from([0x61, 0xc3, 0x28])), /refused: is not a type of document/);
  });

  it('refuses programs and scripts renamed as documents, old Office files and archives, saying what they are', () => {
    assert.equal(sniffed(EXE, 'report.pdf'), 'refused: is a Windows program, not a document');
    assert.equal(sniffed(Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1]), 'report.pdf'), 'refused: is a program, not a document');
    assert.equal(sniffed(bytes('#!/bin/sh\nrm -rf /\n'), 'notes.txt'), 'refused: is a script, not a document');
    assert.match(sniffed(Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]), 'papers.doc'), /Office 97–2003 file/);
    assert.match(sniffed(Uint8Array.from([0x1f, 0x8b, 8, 0]), 'papers.pdf'), /gzip/);
    assert.equal(sniffed(new Uint8Array(0)), 'refused: is empty');
  });

  it('never throws, and never takes a file starting MZ or holding a NUL outside a PDF, ZIP or image', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.string(), (content, name) => {
        const result = sniffEvidenceFile(content, name);
        if (content[0] === 0x4d && content[1] === 0x5a) assert.equal(result.ok, false);
        if (result.ok && result.type.mediaType.startsWith('text/')) assert.ok(!content.includes(0));
      }),
    );
  });

  it('takes any text without control characters as text, whatever its name', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', minLength: 1 }).filter((text) => !hasControl(text) && !text.startsWith('#!') && !text.startsWith('MZ') && !text.startsWith('%PDF-')),
        fc.string(),
        (text, name) => {
          const result = sniffEvidenceFile(bytes(text), name);
          assert.ok(result.ok && result.type.mediaType.startsWith('text/'), text);
        },
      ),
    );
  });

  it('keeps a PDF a PDF whatever follows its header', () => {
    fc.assert(
      fc.property(fc.uint8Array(), (rest) => {
        assert.equal(sniffed(Uint8Array.from([...PDF.subarray(0, 8), ...rest])), 'application/pdf');
      }),
    );
  });
});

describe('download names', () => {
  it('keep a matching ending, add the real one otherwise, and drop what a header or a file system would trip on', () => {
    assert.equal(downloadFileName('Board papers (March).pdf', type('application/pdf')), 'Board papers -March-.pdf');
    assert.equal(downloadFileName('report.pdf', type('text/plain')), 'report.pdf.txt');
    assert.equal(downloadFileName('photo.JPEG', type('image/jpeg')), 'photo.jpeg');
    assert.equal(downloadFileName('..\\..\\evil"\r\nX-Header: 1.pdf', type('application/pdf')), 'evil-X-Header- 1.pdf');
    assert.equal(downloadFileName('Rapport d’audit été.docx', type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')), 'Rapport d-audit ete.docx');
    assert.equal(downloadFileName('', type('text/csv')), 'document.csv');
    assert.equal(downloadFileName('.hidden', type('text/plain')), 'hidden.txt');
    assert.equal(attachmentDisposition('plan.xlsx', type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')), 'attachment; filename="plan.xlsx"');
  });

  it('are always short, plain ASCII, never hidden, and end as the content is', () => {
    const types = [...EVIDENCE_FILE_TYPES.values()];
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.constantFrom(...types), (name, fileType) => {
        const safe = downloadFileName(name, fileType);
        assert.match(safe, /^[A-Za-z0-9_][A-Za-z0-9 ._-]*$/);
        assert.ok(safe.length <= 210, safe);
        assert.ok(fileType.extensions.includes(/\.([^.]+)$/.exec(safe)?.[1]?.toLowerCase() ?? ''), safe);
      }),
    );
  });
});

describe('checking a document to register', () => {
  const today = '2016-05-03';

  it('passes a good one, with its title tidied and its type from the content', () => {
    const checked = checkEvidence({ ...good, title: '  Governing body   papers, March 2016 ' }, today);
    assert.ok(checked.ok);
    assert.equal(checked.value.title, 'Governing body papers, March 2016');
    assert.equal(checked.value.type.mediaType, 'application/pdf');
    assert.equal(checked.value.sizeBytes, PDF.length);
  });

  it('names every problem by field: title, kind, date and file', () => {
    const checked = checkEvidence({ title: ' ', kind: 'minutes', documentDate: '2016-02-30', fileName: 'report.pdf', content: EXE }, today);
    assert.ok(!checked.ok);
    assert.deepEqual(checked.problems, [
      { field: 'title', message: 'Enter the document’s title' },
      { field: 'kind', message: 'minutes is not a kind of document: choose one of board-papers, internal-audit, external-audit, financial-plan, operational-plan, strategic-plan, annual-report, other' },
      { field: 'documentDate', message: '2016-02-30 is not a real date written YYYY-MM-DD' },
      { field: 'file', message: 'report.pdf is a Windows program, not a document' },
    ]);
  });

  it('refuses a date in the future or long past, a title too long, no file, and a file over the limit', () => {
    const problems = (change: Partial<typeof good>) => {
      const checked = checkEvidence({ ...good, ...change }, today);
      return checked.ok ? [] : checked.problems.map((problem) => `${problem.field ?? ''}: ${problem.message}`);
    };
    assert.deepEqual(problems({ documentDate: '2016-05-04' }), ['documentDate: The document’s date 2016-05-04 is in the future (today is 2016-05-03)']);
    assert.deepEqual(problems({ documentDate: '1999-12-31' }), ['documentDate: The document’s date 1999-12-31 is before 2000-01-01']);
    assert.deepEqual(problems({ documentDate: '' }), ['documentDate: Enter the date of the document']);
    assert.deepEqual(problems({ kind: '' }), ['kind: Choose what kind of document it is']);
    assert.deepEqual(problems({ title: 'x'.repeat(501) }), ['title: The title is 501 characters long; it can be at most 500']);
    assert.deepEqual(problems({ fileName: '', content: new Uint8Array(0) }), ['file: Choose the file to upload']);
    assert.deepEqual(problems({ fileName: 'empty.pdf', content: new Uint8Array(0) }), ['file: empty.pdf is empty']);
    assert.deepEqual(problems({ content: new Uint8Array(EVIDENCE_MAX_BYTES + 1) }), ['file: papers.pdf is 20 MB; the largest document Assure stores is 20 MB']);
  });
});

describe('the demo’s synthetic documents', () => {
  it('are a PDF with a correct cross-reference table and CSV text, each saying it is synthetic', () => {
    const pdf = syntheticPdf('Internal audit report (Café)', ['Finding 1: (weak) controls \\ over budgets']);
    assert.equal(sniffed(pdf), 'application/pdf');
    const text = new TextDecoder('latin1').decode(pdf);
    assert.ok(text.includes(SYNTHETIC_NOTICE));
    const startxref = Number(/startxref\n(\d+)/.exec(text)?.[1]);
    assert.ok(text.slice(startxref).startsWith('xref\n'));
    const offsets = Array.from(text.matchAll(/(\d{10}) 00000 n /g), (match) => Number(match[1]));
    assert.equal(offsets.length, 7);
    offsets.forEach((offset, index) => {
      assert.ok(text.slice(offset).startsWith(`${String(index + 1)} 0 obj`), `object ${String(index + 1)} at ${String(offset)}`);
    });
    assert.ok(text.includes('\\(weak\\) controls \\\\ over'));
    const csv = syntheticCsv([['month', 'plan'], ['2016-04', '1,200']]);
    assert.equal(sniffed(csv, 'plan.csv'), 'text/csv');
    assert.equal(new TextDecoder().decode(csv), `${SYNTHETIC_NOTICE}\nmonth,plan\n2016-04,"1,200"\n`);
  });
});
