import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseHTML } from 'linkedom';
import type { Browser } from 'playwright-core';
import readXlsxFile from 'read-excel-file/node';
import type { ReportModel } from '../../src/domain/reports/model.ts';
import { REPORT_TEMPLATE_VERSION, renderReportHtml, reportWorkbook } from '../../src/http/reports/render-document.ts';
import { accessibilityViolations, browserSkipReason, launchBrowser } from '../support/browser.ts';
import { pdfPageCount, pdfText } from '../support/pdf.ts';
import { AWKWARD_CCG_NAME, CORRECTED, DRAFT, FINAL, FORMULA_CCG_NAME, ccgLetter, ccgReport, ccgReportWithGaps, nationalReport, regionSummary } from '../support/report-models.ts';

const DRAFT_TEXT = 'Draft — not for publication';

/** The part of linkedom's DOM these tests read, typed by hand: Assure compiles without the DOM library. */
interface Node {
  readonly tagName: string;
  readonly textContent: string | null;
  readonly id: string;
  getAttribute(name: string): string | null;
  querySelector(selector: string): Node | null;
  querySelectorAll(selector: string): Iterable<Node>;
  closest(selector: string): Node | null;
}

function parse(html: string): Node {
  return (parseHTML(html) as unknown as { document: Node }).document;
}

const all = (root: Node, selector: string): Node[] => [...root.querySelectorAll(selector)];
const text = (node: Node | null): string => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
/** A table row's cells, or a description list's terms and details, one space apart as a reader hears them. */
const cells = (node: Node | null, selector = 'th, td'): string => (node === null ? '' : all(node, selector).map(text).join(' '));

/** The contents list's titles, after checking each links to a section headed by the same title. */
function contents(html: string): string[] {
  const document = parse(html);
  return all(document, 'nav.contents a').map((link) => {
    const href = link.getAttribute('href') ?? '';
    assert.match(href, /^#[a-z-]+$/);
    const section = document.querySelector(href);
    assert.ok(section !== null, `the contents link ${href} has a target`);
    assert.equal(section.tagName.toLowerCase(), 'section');
    assert.equal(text(section.querySelector('h2')), text(link), `${href} is headed by its contents title`);
    return text(link);
  });
}

function headingLevels(html: string): number[] {
  return all(parse(html), 'h1, h2, h3, h4, h5, h6').map((heading) => Number(heading.tagName.slice(1)));
}

const WITH_PROVENANCE = ['What this report could not include', 'Provenance'];

describe('year-end documents as HTML', () => {
  it('the public CCG report has every section, in order, each in its contents list', () => {
    assert.deepEqual(contents(renderReportHtml(ccgReport())), [
      'Summary',
      'Component ratings',
      'How the rating was reached',
      'Strengths',
      'Areas for improvement',
      'Quarterly assessments through the year',
      'Indicators against England and similar CCGs',
      'Rating history',
      'Finance',
      '360° stakeholder survey',
      'Special measures and legal directions',
      'What happens next',
      ...WITH_PROVENANCE,
    ]);
  });

  it('the CCG report draws its indicators, rating history, finance and survey as named charts beside their tables', () => {
    const document = parse(renderReportHtml(ccgReport()));
    const named = all(document, 'svg[role="img"]').filter((svg) => svg.closest('[aria-hidden="true"]') === null);
    const charts = named.map((svg) => text(document.querySelector(`#${svg.getAttribute('aria-labelledby') ?? ''}`)));
    assert.deepEqual(
      charts.map((title) => title.replace(AWKWARD_CCG_NAME, 'CCG')),
      [
        'CCG: 8 indicators against England and similar CCGs, spine chart',
        'CCG: headline rating in each published round',
        'CCG: cumulative planned and actual expenditure, 2026/27',
        'CCG: share of stakeholders answering each question positively, with 95% intervals, 2026 survey',
      ],
    );
    for (const svg of named) assert.ok(document.querySelector(`#${svg.getAttribute('aria-describedby') ?? ''}`)?.tagName.toLowerCase() === 'desc');
    for (const id of ['indicators', 'history', 'finance', 'survey']) assert.ok(document.querySelector(`#${id} table`) !== null, `${id} has a table`);
  });

  it('the letter is addressed to the Accountable Officer, dated on publication and signed by the Director of Commissioning Operations', () => {
    const html = renderReportHtml(ccgLetter());
    const document = parse(html);
    assert.deepEqual(contents(html), ['Your rating for 2026/27', 'How the rating was reached', 'Strengths', 'Areas for improvement', 'What happens next', ...WITH_PROVENANCE]);
    assert.equal(cells(document.querySelector('.letter-address'), 'dt, dd'), `To The Accountable Officer, ${AWKWARD_CCG_NAME} From Director of Commissioning Operations, NHS England Date 8 December 2026`);
    assert.match(text(document.querySelector('main')), /^Dear colleague,/);
    assert.equal(text(document.querySelector('.letter-signature')), 'Yours sincerely, Director of Commissioning Operations NHS England');
    assert.equal(all(document, '#rating tbody tr').length, 4, 'the component table');
    assert.equal(all(document, 'svg[role="img"]').length, 0);
    assert.match(cells(parse(renderReportHtml(ccgLetter({ status: DRAFT }))).querySelector('.letter-address'), 'dt, dd'), /Date Draft$/);
  });

  it('the national report has every section, with every CCG’s rating and last year’s', () => {
    const html = renderReportHtml(nationalReport());
    assert.deepEqual(contents(html), [
      'Summary',
      'Ratings across England',
      'By region',
      'Special measures and directions in the year',
      'Finance across CCGs',
      'The 360° stakeholder survey nationally',
      'Every CCG’s rating',
      'Methodology',
      'Data quality',
      ...WITH_PROVENANCE,
    ]);
    const document = parse(html);
    assert.deepEqual(
      all(document, '#organisations tbody tr').map((row) => cells(row)),
      [`${AWKWARD_CCG_NAME} 11E Requires improvement Good`, `${FORMULA_CCG_NAME} 99X Good No rating`, 'NHS Wakefield CCG 03R Outstanding Outstanding', 'NHS Devon CCG 15N Inadequate Requires improvement'],
    );
    assert.deepEqual(
      all(document, '#distribution tbody tr').map((row) => cells(row)),
      ['Outstanding 21 18 +3', 'Good 104 110 −6', 'Requires improvement 61 58 +3', 'Inadequate 18 21 −3'],
    );
    assert.equal(all(document, '#regions tbody tr').length, 3);
    assert.equal(all(document, '#special-measures tbody tr').length, 7 + 2, 'the year’s events and the CCGs in special measures at year end');
  });

  it('a region’s summary names the region and lists its CCGs, without a table of regions', () => {
    const html = renderReportHtml(regionSummary());
    const document = parse(html);
    assert.equal(text(document.querySelector('h1')), 'South West: regional summary 2026/27');
    assert.ok(!contents(html).includes('By region'));
    assert.equal(document.querySelector('#regions'), null);
    assert.equal(all(document, '#organisations tbody tr').length, 2);
  });

  it('a draft carries the banner and a watermark; a final carries neither and says when it was published', () => {
    for (const model of [ccgReport({ status: DRAFT }), ccgLetter({ status: DRAFT }), nationalReport({ status: DRAFT }), regionSummary({ status: DRAFT })]) {
      const document = parse(renderReportHtml(model));
      assert.equal(text(document.querySelector('header .status-banner')), `${DRAFT_TEXT} Stage: Moderation.`, model.kind);
      assert.equal(text(document.querySelector('.watermark')), DRAFT_TEXT);
      assert.equal(document.querySelector('.status-published'), null);
    }
    for (const model of [ccgReport({ status: FINAL }), nationalReport({ status: FINAL })]) {
      const html = renderReportHtml(model);
      assert.ok(!html.includes(DRAFT_TEXT), model.kind);
      assert.equal(text(parse(html).querySelector('.status-published')), 'Published on 8 December 2026');
    }
  });

  it('a corrected final says which report it corrects and why', () => {
    const document = parse(renderReportHtml(ccgReport({ status: CORRECTED })));
    assert.equal(text(document.querySelector('.status-published')), 'Published on 12 January 2027');
    assert.equal(text(document.querySelector('.status-correction')), 'Correction: This version corrects the report published on 8 December 2026: the finance table gave month 9’s year-to-date actual as month 8’s');
    assert.equal(parse(renderReportHtml(ccgReport({ status: FINAL }))).querySelector('.status-correction'), null);
  });

  it('names what it could not include, and says why in the quarterly, finance and survey sections instead of drawing empty tables and charts', () => {
    const document = parse(renderReportHtml(ccgReportWithGaps()));
    assert.deepEqual(
      all(document, '#not-included li').map((item) => text(item)),
      [
        'Quarterly assessments: No quarterly assessment of the CCG was recorded for 2026/27.',
        'Finance returns: No finance returns were stored for 2026/27.',
        '360° stakeholder survey: The 2026 survey results have not been imported.',
      ],
    );
    assert.equal(text(document.querySelector('#quarterly .missing-note')), 'Not included: No quarterly assessment of the CCG was recorded for 2026/27.');
    assert.equal(text(document.querySelector('#finance .missing-note')), 'Not included: No finance returns were stored for 2026/27.');
    assert.equal(text(document.querySelector('#survey .missing-note')), 'Not included: The 2026 survey results have not been imported.');
    assert.equal(document.querySelector('#quarterly table, #finance svg, #finance table, #survey svg, #survey table'), null);
    const region = parse(renderReportHtml(regionSummary()));
    assert.equal(text(region.querySelector('#finance .missing-note')), 'Not included: No finance returns were stored for 2026/27.');
    assert.equal(text(parse(renderReportHtml(ccgReport())).querySelector('#not-included p')), 'Nothing: every input this report draws on was stored.');
  });

  it('ends with its provenance', () => {
    for (const model of [ccgReport(), ccgLetter(), nationalReport(), regionSummary()]) {
      const document = parse(renderReportHtml(model));
      const sections = all(document, 'main > section');
      assert.equal(sections.at(-1)?.id, 'provenance', model.kind);
      const rows = Object.fromEntries(all(document, '#provenance tr').map((row) => [text(row.querySelector('th')), text(row.querySelector('td'))]));
      assert.deepEqual(Object.keys(rows), [
        'Round',
        'Framework version',
        'Framework variant',
        'Dataset',
        'Import batches',
        'Rating run',
        'Rating engine version',
        'Rating input hash (SHA-256)',
        'Assure version',
        'Template version',
        'Content hash (SHA-256)',
      ]);
      assert.equal(rows['Template version'], REPORT_TEMPLATE_VERSION);
      assert.equal(rows['Import batches'], 'iaf-2026-27-q4-clinical.csv, imported on 2 November 2026 (b-0001); iaf-2026-27-q4-finance & leadership.xlsx, imported on 9 November 2026 (b-0002)');
      assert.equal(rows['Content hash (SHA-256)'], model.provenance.contentHash);
    }
  });

  it('escapes a name’s &, < and quotes exactly once, in the text and inside the charts', () => {
    for (const model of [ccgReport(), ccgLetter(), nationalReport()]) {
      const html = renderReportHtml(model);
      assert.ok(html.includes('NHS Bath &amp; North East Somerset &lt;Pilot&gt; &quot;Joint&quot; CCG'), model.kind);
      assert.ok(!html.includes('<Pilot>'), model.kind);
      assert.doesNotMatch(html, /&amp;(amp|lt|gt|quot|#39);/, model.kind);
    }
    const svg = /<svg[^>]*aria-labelledby="indicators-chart-title"[\s\S]*?<\/svg>/.exec(renderReportHtml(ccgReport()))?.[0] ?? '';
    assert.match(svg, /<title id="indicators-chart-title">NHS Bath &amp; North East Somerset &lt;Pilot&gt; ("|&quot;)Joint("|&quot;) CCG: /);
    assert.equal(text(parse(renderReportHtml(ccgReport())).querySelector('h1')), `${AWKWARD_CCG_NAME}: annual assurance report 2026/27`);
  });

  it('is self-contained: one inline stylesheet, inline charts and nothing to fetch', () => {
    for (const model of [ccgReport({ status: DRAFT }), ccgLetter(), nationalReport(), regionSummary()]) {
      const html = renderReportHtml(model);
      assert.match(html, /^<!DOCTYPE html>\s*<html lang="en-GB">/);
      const references = [...html.matchAll(/\s(?:src|href|xlink:href|srcset|action|poster|data)\s*=\s*"([^"]*)"/g)].map((match) => match[1] ?? '');
      assert.ok(references.length > 0);
      assert.deepEqual(references.filter((reference) => !reference.startsWith('#')), [], model.kind);
      assert.doesNotMatch(html, /<link\b|<script\b|<img\b|<iframe\b|@import|url\(/i, model.kind);
      assert.equal([...html.matchAll(/<style>/g)].length, 1);
      assert.match(html, /font-family: "Frutiger W01", Arial, "Liberation Sans", Helvetica, sans-serif/);
      assert.match(html, /@page \{\s*size: A4;/);
    }
  });

  it('is accessible in structure: one h1, headings in order, captioned tables with scoped headers', () => {
    for (const model of [ccgReport(), ccgLetter(), nationalReport(), regionSummary(), ccgReportWithGaps()]) {
      const html = renderReportHtml(model);
      const levels = headingLevels(html);
      assert.equal(levels.filter((level) => level === 1).length, 1, model.kind);
      assert.equal(levels[0], 1);
      levels.forEach((level, index) => {
        assert.ok(index === 0 || level <= (levels[index - 1] ?? 0) + 1, `${model.kind}: heading ${String(index)} skips a level`);
      });
      const document = parse(html);
      for (const table of all(document, 'table')) assert.ok(text(table.querySelector('caption')) !== '', `${model.kind}: every table has a caption`);
      for (const header of all(document, 'th')) assert.match(header.getAttribute('scope') ?? '', /^(col|row)$/, model.kind);
      const ids = all(document, '[id]').map((element) => element.id);
      assert.equal(new Set(ids).size, ids.length, `${model.kind}: ids are unique`);
    }
  });

  it('gives the same bytes for the same model', () => {
    for (const build of [() => ccgReport({ status: DRAFT }), ccgLetter, nationalReport, regionSummary, () => ccgReportWithGaps({ status: CORRECTED })]) {
      assert.equal(renderReportHtml(build()), renderReportHtml(build()));
    }
  });
});

async function sheets(model: ReportModel) {
  return readXlsxFile(Buffer.from(await reportWorkbook(model)));
}

describe('year-end documents as workbooks', () => {
  it('a CCG report’s workbook has a sheet for each of its tables, numbers as numbers', async () => {
    const workbook = await sheets(ccgReport());
    assert.deepEqual(workbook.map((sheet) => sheet.sheet), ['Components', 'Indicators', 'Quarterly', 'Finance', 'Survey', 'History', 'Provenance']);
    const indicators = workbook.find((sheet) => sheet.sheet === 'Indicators')?.data ?? [];
    assert.deepEqual(indicators[0], ['Code', 'Indicator', 'Domain', 'Value as shown', 'Value', 'England', 'Similar CCGs’ median', 'Compared with England', 'Period to']);
    assert.deepEqual(indicators[1], ['103a', 'Adults who are overweight or obese', 'Better health', '61.2%', 61.2, 62.3, 60.9, 'Similar to England', '2026-09-30']);
    const finance = workbook.find((sheet) => sheet.sheet === 'Finance')?.data ?? [];
    assert.deepEqual(finance[1], ['2026-04', 41_250, 41_250, 497_300, 495_000]);
    assert.deepEqual((await sheets(ccgLetter())).map((sheet) => sheet.sheet), ['Components', 'Provenance']);
  });

  it('a sheet the document could not fill says why', async () => {
    const finance = (await sheets(ccgReportWithGaps())).find((sheet) => sheet.sheet === 'Finance')?.data;
    assert.deepEqual(finance, [['Not included'], ['No finance returns were stored for 2026/27.']]);
  });

  it('the national workbook keeps a formula-looking name as text', async () => {
    const workbook = await sheets(nationalReport());
    assert.deepEqual(workbook.map((sheet) => sheet.sheet), ['Distribution', 'Regions', 'Organisations', 'Special measures', 'At year end', 'Finance', 'Largest shortfalls', 'Survey', 'Provenance']);
    const organisations = workbook.find((sheet) => sheet.sheet === 'Organisations')?.data ?? [];
    assert.deepEqual(organisations[2], ['99X', `'${FORMULA_CCG_NAME}`, 'Good', null]);
    assert.deepEqual(organisations[1], ['11E', AWKWARD_CCG_NAME, 'Requires improvement', 'Good']);
    assert.deepEqual((await sheets(regionSummary())).map((sheet) => sheet.sheet), ['Distribution', 'Organisations', 'Special measures', 'At year end', 'Finance', 'Survey', 'Provenance']);
  });

  it('a draft’s every sheet starts “Draft — not for publication”', async () => {
    for (const model of [ccgReport({ status: DRAFT }), nationalReport({ status: DRAFT })]) {
      for (const sheet of await sheets(model)) {
        assert.deepEqual(sheet.data[0]?.filter((value) => value !== null), [DRAFT_TEXT], `${model.kind} ${sheet.sheet}`);
        assert.notEqual(sheet.data[1]?.[0], DRAFT_TEXT);
      }
    }
    for (const sheet of await sheets(ccgReport({ status: FINAL }))) assert.notEqual(sheet.data[0]?.[0], DRAFT_TEXT);
  });

  it('gives the same bytes for the same model', async () => {
    for (const build of [ccgReport, ccgLetter, nationalReport, () => regionSummary({ status: DRAFT })]) {
      assert.ok(Buffer.from(await reportWorkbook(build())).equals(Buffer.from(await reportWorkbook(build()))));
    }
  });
});

describe('year-end documents in Chromium', { skip: browserSkipReason() }, () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser.close();
  });

  it('pass axe-core WCAG 2.2 AA checks and fetch nothing', async () => {
    const context = await browser.newContext({ javaScriptEnabled: true });
    const requests: string[] = [];
    await context.route('**/*', async (route) => {
      requests.push(route.request().url());
      await route.abort();
    });
    const page = await context.newPage();
    for (const model of [ccgReport({ status: DRAFT }), ccgReportWithGaps({ status: CORRECTED }), ccgLetter(), nationalReport(), regionSummary({ status: DRAFT })]) {
      await page.setContent(renderReportHtml(model));
      assert.deepEqual(await accessibilityViolations(page), [], `${model.kind} ${model.status.kind}`);
    }
    assert.deepEqual(requests, []);
    await context.close();
  });

  it('print a draft’s watermark on every A4 page, as text, and a final’s on none', async () => {
    const page = await browser.newPage();
    await page.setContent(renderReportHtml(ccgReport({ status: DRAFT })));
    const draft = await page.pdf({ preferCSSPageSize: true });
    const pages = await pdfPageCount(draft);
    assert.ok(pages > 1);
    assert.equal((await pdfText(draft)).split(DRAFT_TEXT).length - 1, pages + 1, 'the watermark on every page and the banner on the first');
    await page.setContent(renderReportHtml(ccgReport({ status: FINAL })));
    assert.ok(!(await pdfText(await page.pdf({ preferCSSPageSize: true }))).includes(DRAFT_TEXT));
    await page.close();
  });
});
