// Small synthetic documents for the demo's local evidence: a one-page PDF of plain lines (Helvetica, A4, a
// correct cross-reference table, so any PDF reader opens it) and CSV text. Every document says on its first
// line that it is synthetic demo data.

export const SYNTHETIC_NOTICE = 'SYNTHETIC DEMO DOCUMENT: made up for the Assure demo; not a real NHS document.';

/** Text for a PDF string literal: Latin-1 only (others become ?), with backslash and brackets escaped. */
function pdfString(text: string): string {
  return text
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[–—]/g, '-')
    .replace(/[^\x20-\x7e\xa0-\xff]/g, '?')
    .replace(/[\\()]/g, (character) => `\\${character}`);
}

/** A one-page A4 PDF showing the title in bold and each line below it. */
export function syntheticPdf(title: string, lines: readonly string[]): Uint8Array {
  const body = [SYNTHETIC_NOTICE, '', ...lines];
  const stream = [
    'BT',
    '/F2 16 Tf',
    '56 780 Td',
    `(${pdfString(title)}) Tj`,
    '/F1 10 Tf',
    '14 TL',
    '0 -28 Td',
    ...body.map((line) => `(${pdfString(line)}) '`),
    'ET',
  ].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
    `<< /Length ${String(stream.length)} >>\nstream\n${stream}\nendstream`,
    `<< /Title (${pdfString(title)}) /Producer (Assure demo) >>`,
  ];
  let text = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(text.length);
    text += `${String(index + 1)} 0 obj\n${object}\nendobj\n`;
  });
  const xref = text.length;
  text += `xref\n0 ${String(objects.length + 1)}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  text += `trailer\n<< /Size ${String(objects.length + 1)} /Root 1 0 R /Info ${String(objects.length)} 0 R >>\nstartxref\n${String(xref)}\n%%EOF\n`;
  // Every character is Latin-1 (pdfString), one byte each, so lengths in characters are offsets in bytes.
  return Uint8Array.from(text, (character) => character.charCodeAt(0));
}

/** CSV text whose first line is the synthetic notice (as a comment row a reader sees), then the rows. */
export function syntheticCsv(rows: readonly (readonly string[])[]): Uint8Array {
  const cell = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  return new TextEncoder().encode([[SYNTHETIC_NOTICE], ...rows].map((row) => row.map(cell).join(',')).join('\n').concat('\n'));
}
