import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { PdfPrinter } from '../../src/http/reports/pdf-printer.ts';
import { openPdfPrinter, PdfUnavailableError, writeFileAtomically } from '../../src/http/reports/pdf-printer.ts';
import { browserSkipReason, launchBrowser } from '../support/browser.ts';
import { isTaggedPdf, pdfOutlineTitles, pdfPageCount, pdfText, pdfTitle, renderFirstPageInk } from '../support/pdf.ts';

const skip = browserSkipReason();

const FOOTER_LABEL = 'NHS England · Annual assessment 2026/27 · NHS Airedale, Wharfedale & Craven <CCG>';

function paragraphs(count: number): string {
  return Array.from({ length: count }, (_, index) => `<p>Finding ${index + 1}: the CCG met the standard for governance, quality and finance.</p>`).join('');
}

/** A report shaped like the year-end documents: inline CSS and SVG, a heading per section. */
function reportHtml(heading: string, extraBody = ''): string {
  return `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Draft title</title>
<style>body { font-family: Arial, sans-serif; } h1 { color: #005eb8; } .band { background: #e8edee; padding: 4mm; }</style></head>
<body><h1>${heading}</h1>
<section><h2>Overall rating</h2><div class="band"><svg width="200" height="60" role="img" aria-label="Rating bar"><rect width="150" height="60" fill="#007f3b"/></svg></div>${paragraphs(30)}</section>
<section><h2>Quality of leadership</h2>${paragraphs(30)}</section>
<section><h2>Finance and performance</h2>${paragraphs(30)}</section>${extraBody}</body></html>`;
}

/** The huge table makes Chromium busy for far longer than any time limit a test sets. */
function hugeTableHtml(): string {
  return `<!doctype html><html><body><table>${'<tr><td>02N</td><td>NHS Airedale CCG</td><td>Good</td></tr>'.repeat(20_000)}</table></body></html>`;
}

/** The process ids of Chromium browsers this test process started, read from /proc. */
async function chromiumChildren(): Promise<Set<number>> {
  const found = new Set<number>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === process.pid && (await readlink(`/proc/${entry}/exe`)).includes('chromium')) found.add(Number(entry));
    } catch {
      // The process ended while being looked at.
    }
  }
  return found;
}

describe('the PDF printer in Chromium', { skip }, () => {
  const blockedRequests: string[] = [];
  let printer: PdfPrinter;
  let browser: Browser;

  before(async () => {
    printer = openPdfPrinter({ onBlockedRequest: (url) => blockedRequests.push(url) });
    browser = await launchBrowser();
  });
  after(async () => {
    await printer.close();
    await browser.close();
  });

  it('prints a tagged A4 report with its headings as bookmarks, its title and a footer on every page', async () => {
    const pdf = await printer.print({ html: reportHtml('NHS Airedale CCG annual assessment'), title: 'Annual assessment 2026/27: NHS Airedale CCG', footerLabel: FOOTER_LABEL });
    const pages = await pdfPageCount(pdf);
    assert.ok(pages >= 2, `a long report fills more than one page, not ${pages}`);
    const text = await pdfText(pdf);
    for (const heading of ['NHS Airedale CCG annual assessment', 'Overall rating', 'Quality of leadership', 'Finance and performance']) assert.match(text, new RegExp(heading));
    assert.ok(text.includes(`Page 1 of ${pages}`), text);
    assert.ok(text.includes(`Page ${pages} of ${pages}`), text);
    assert.equal(text.split(FOOTER_LABEL).length - 1, pages, 'the footer label, escaped and shown as written, on every page');
    assert.deepEqual(await pdfOutlineTitles(pdf), ['NHS Airedale CCG annual assessment', 'Overall rating', 'Quality of leadership', 'Finance and performance']);
    assert.equal(await pdfTitle(pdf), 'Annual assessment 2026/27: NHS Airedale CCG');
    assert.equal(await isTaggedPdf(pdf), true);
    const ink = await renderFirstPageInk(pdf, browser);
    assert.ok(ink > 0.01, `page 1 shows the report, not a blank page (${(ink * 100).toFixed(2)}% inked)`);
  });

  it('gives the same text for the same document every time', async () => {
    const request = { html: reportHtml('National statutory annual report'), title: 'Annual report 2026/27', footerLabel: 'NHS England · Annual report 2026/27' };
    const first = await printer.print(request);
    const second = await printer.print(request);
    assert.equal(await pdfText(second), await pdfText(first));
  });

  it('prints a document that refers to outside resources without any request leaving the page', async () => {
    let loopbackHits = 0;
    const loopback = createServer((_request, response) => {
      loopbackHits += 1;
      response.end();
    });
    await new Promise<void>((resolve) => loopback.listen(0, '127.0.0.1', resolve));
    const loopbackUrl = `http://127.0.0.1:${(loopback.address() as AddressInfo).port}/tracker.png`;
    try {
      const outside = `<img src="http://example.com/img.png" alt="External logo"><img src="${loopbackUrl}" alt="Local tracker">
<link rel="stylesheet" href="https://assets.nhs.uk/fonts/frutiger.css">`;
      const pdf = await printer.print({ html: reportHtml('Region summary: North East', outside), title: 'Region summary', footerLabel: 'NHS England · Region summary' });
      assert.match(await pdfText(pdf), /Region summary: North East/);
      for (const url of ['http://example.com/img.png', loopbackUrl, 'https://assets.nhs.uk/fonts/frutiger.css']) {
        assert.ok(blockedRequests.includes(url), `${url} was refused (refused: ${blockedRequests.join(', ')})`);
      }
      assert.equal(loopbackHits, 0, 'not even a loopback server heard from the page');
    } finally {
      await new Promise((resolve) => loopback.close(resolve));
    }
  });

  it('does not run the scripts in a document', async () => {
    const script = `<script>document.body.append('Changed by a script')</script>`;
    const pdf = await printer.print({ html: reportHtml('Public assurance report', script), title: 'Public assurance report', footerLabel: 'NHS England' });
    assert.doesNotMatch(await pdfText(pdf), /Changed by a script/);
  });

  it('prints several documents at once on its pages without mixing them up', async () => {
    const parallelPrinter = openPdfPrinter({ pages: 2 });
    try {
      const names = ['Airedale', 'Bradford', 'Calderdale', 'Harrogate', 'Leeds', 'Wakefield'];
      const pdfs = await Promise.all(names.map((name) => parallelPrinter.print({ html: reportHtml(`NHS ${name} CCG`), title: name, footerLabel: `NHS England · NHS ${name} CCG` })));
      for (const [index, pdf] of pdfs.entries()) {
        const name = names[index] ?? '';
        const text = await pdfText(pdf);
        assert.match(text, new RegExp(`NHS ${name} CCG`));
        for (const other of names.filter((candidate) => candidate !== name)) assert.doesNotMatch(text, new RegExp(other));
      }
    } finally {
      await parallelPrinter.close();
    }
  });

  it('stops a document that takes longer than the time limit, naming the limit, and prints the next one', async () => {
    const hastyPrinter = openPdfPrinter({ timeoutMs: 2000 });
    try {
      await assert.rejects(hastyPrinter.print({ html: hugeTableHtml(), title: 'Huge table', footerLabel: 'NHS England' }), (error: unknown) => {
        assert.ok(error instanceof PdfUnavailableError);
        assert.match(error.message, /"Huge table" took longer than the 2 s time limit/);
        return true;
      });
      const pdf = await hastyPrinter.print({ html: reportHtml('After the time-out'), title: 'Next', footerLabel: 'NHS England' });
      assert.match(await pdfText(pdf), /After the time-out/);
    } finally {
      await hastyPrinter.close();
    }
  });

  it('reports a crash of Chromium and starts a new one for the next document', async () => {
    const crashingPrinter = openPdfPrinter({ pages: 1 });
    try {
      const before = await chromiumChildren();
      await crashingPrinter.print({ html: reportHtml('Before the crash'), title: 'Before', footerLabel: 'NHS England' });
      const [chromiumPid] = [...(await chromiumChildren())].filter((pid) => !before.has(pid));
      assert.ok(chromiumPid !== undefined, 'the printer started a Chromium of its own');
      const printing = crashingPrinter.print({ html: hugeTableHtml(), title: 'Huge table', footerLabel: 'NHS England' });
      setTimeout(() => process.kill(chromiumPid, 'SIGKILL'), 300);
      await assert.rejects(printing, (error: unknown) => {
        assert.ok(error instanceof PdfUnavailableError);
        assert.match(error.message, /Chromium \(.+\) crashed while printing "Huge table"/);
        return true;
      });
      const pdf = await crashingPrinter.print({ html: reportHtml('After the crash'), title: 'After', footerLabel: 'NHS England' });
      assert.match(await pdfText(pdf), /After the crash/);
    } finally {
      await crashingPrinter.close();
    }
  });

  it('refuses to print once closed', async () => {
    const closedPrinter = openPdfPrinter();
    await closedPrinter.close();
    await assert.rejects(closedPrinter.print({ html: reportHtml('Too late'), title: 'Too late', footerLabel: 'NHS England' }), PdfUnavailableError);
  });
});

describe('the PDF printer without Chromium', () => {
  it('says where Chromium was looked for and how to install it', async () => {
    const printer = openPdfPrinter({ chromiumPath: '/nowhere/chromium' });
    try {
      await assert.rejects(printer.print({ html: reportHtml('Unprintable'), title: 'Unprintable', footerLabel: 'NHS England' }), (error: unknown) => {
        assert.ok(error instanceof PdfUnavailableError);
        assert.match(error.message, /\/nowhere\/chromium/);
        assert.match(error.message, /apt-get install -y chromium/);
        assert.match(error.message, /CHROMIUM_PATH/);
        return true;
      });
    } finally {
      await printer.close();
    }
  });
});

describe('writeFileAtomically', () => {
  let folder: string;
  before(async () => {
    folder = await mkdtemp(join(tmpdir(), 'assure-pdf-'));
  });
  after(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('replaces an existing file whole', async () => {
    const path = join(folder, 'airedale.pdf');
    await writeFile(path, 'the old report, which is longer than the new one');
    await writeFileAtomically(path, new Uint8Array([37, 80, 68, 70]));
    assert.equal(await readFile(path, 'utf8'), '%PDF');
    await writeFileAtomically(path, 'text works too');
    assert.equal(await readFile(path, 'utf8'), 'text works too');
    assert.deepEqual(await readdir(folder), ['airedale.pdf']);
  });

  it('leaves nothing behind when the folder does not exist', async () => {
    const missing = join(folder, 'missing');
    await assert.rejects(writeFileAtomically(join(missing, 'report.pdf'), '%PDF'), { code: 'ENOENT' });
    await assert.rejects(readdir(missing), { code: 'ENOENT' });
  });

  it('leaves what was at the path, and no temporary file, when the rename fails', async () => {
    const occupied = join(folder, 'occupied');
    await mkdir(join(occupied, 'report.pdf'), { recursive: true });
    await assert.rejects(writeFileAtomically(join(occupied, 'report.pdf'), '%PDF'));
    assert.deepEqual(await readdir(occupied), ['report.pdf']);
    assert.deepEqual(await readdir(join(occupied, 'report.pdf')), []);
  });
});
