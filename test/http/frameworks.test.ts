import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.ts';
import { loadFrameworkFile, readShippedFrameworkFiles, validateFrameworkFile } from '../../src/services/frameworks.ts';
import { buildTestApp } from '../support/app.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { installRatingData, TEST_ANALYST } from '../support/ratings.ts';

const PAYLOAD = `<script>alert("x")</script><img src=x onerror=alert(1)>"'><svg onload=alert(2)>`;
const INJECTED = [/<script>alert/, /<img src=x/, /<svg onload/, /"'><svg/];
const SHIPPED = ['ccg-af-2015-16@1', 'ccg-iaf-2016-17@1', 'cqc-principles@1', 'nof-2025-26@1'];

interface Summary {
  id: string;
  title: string;
  version: number;
  counts: { domains: number; indicators: number; variants: number };
  links: { self: string; page: string; source: string };
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { tags?: string[]; parameters?: { name: string; in: string }[]; responses: Record<string, unknown> }>>;
  components?: { schemas?: Record<string, unknown> };
}

/** CQC's principles as another framework: `version` 2 with one reasoning changed, or hostile text everywhere a file can carry it. */
async function cqcText(): Promise<string> {
  const file = (await readShippedFrameworkFiles()).find((candidate) => candidate.fileName === 'cqc-principles.yaml');
  assert.ok(file !== undefined);
  return file.text;
}

function headings(html: string, level: number): string[] {
  return [...html.matchAll(new RegExp(`<h${level}[^>]*>([\\s\\S]*?)</h${level}>`, 'g'))].map((match) => (match[1] ?? '').replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim());
}

for (const engine of testEngines()) {
  describe(`framework browser on ${engine}`, () => {
    let database: Database;
    let app: FastifyInstance;

    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await installRatingData(database.db);
      const cqc = await cqcText();
      await loadFrameworkFile(database.db, {
        actor: TEST_ANALYST,
        fileName: 'cqc-principles-v2.yaml',
        text: cqc.replace('version: 1', 'version: 2').replace('The published principles, in the order they are normally applied.', 'Version 2 of the principles.'),
      });
      const hostile = validateFrameworkFile('cqc-principles.yaml', cqc);
      await loadFrameworkFile(database.db, {
        actor: TEST_ANALYST,
        fileName: 'hostile.json',
        text: JSON.stringify({
          ...hostile,
          id: 'hostile',
          title: `Hostile ${PAYLOAD}`,
          description: PAYLOAD,
          sources: [...hostile.sources, { id: 'evil', title: `Evil ${PAYLOAD}`, url: 'javascript:alert(1)', note: PAYLOAD }],
          variants: hostile.variants.map((variant) => ({ ...variant, name: `Rule ${PAYLOAD}`, basis: { status: 'reconstruction', sources: ['evil'], reasoning: PAYLOAD } })),
        }),
      });
      app = await buildTestApp(database);
    });
    after(async () => {
      await app.close();
      await database.close();
    });

    async function page(url: string, status = 200): Promise<string> {
      const response = await app.inject({ method: 'GET', url });
      assert.equal(response.statusCode, status, `${url}: ${response.body.slice(0, 300)}`);
      assert.match(String(response.headers['content-type']), /^text\/html/);
      return response.body;
    }

    it('lists every loaded framework version with its counts, load time and file, linking to each', async () => {
      const html = await page('/frameworks');
      assert.deepEqual(headings(html, 1), ['Frameworks']);
      for (const id of [...SHIPPED, 'cqc-principles@2']) assert.match(html, new RegExp(`<a href="/frameworks/${id}">`), id);
      assert.match(html, /<a href="\/frameworks\/ccg-af-2015-16@1">CCG Assurance Framework 2015\/16<\/a><br><span class="nhsuk-body-s">ccg-af-2015-16@1<\/span>/);
      assert.match(html, /Clinical commissioning groups/);
      assert.match(html, /NHS trusts/);
      assert.match(html, /cqc-principles-v2\.yaml/);
      assert.match(html, /<time datetime="\d{4}-\d{2}-\d{2}T/);
      assert.ok(html.indexOf('/frameworks/cqc-principles@2') < html.indexOf('/frameworks/cqc-principles@1'), 'newest version of a framework first');
    });

    it('shows a framework version as a methodology page with a contents list whose links all land on a section', async () => {
      const html = await page('/frameworks/ccg-af-2015-16@1');
      assert.deepEqual(headings(html, 1), ['CCG Assurance Framework 2015/16']);
      assert.deepEqual(headings(html, 2).filter((heading) => heading !== 'Contents' && !heading.startsWith('Support links')), [
        'About this framework and its sources',
        'Rating scales',
        'Domains',
        'Indicators',
        'Composites',
        'Judgements recorded by people',
        'Data rules',
        'Rule variants',
        'Guard rails',
        'Ranking',
      ]);
      const anchors = [...html.matchAll(/href="#([a-z0-9-]+)"/g)].map((match) => match[1] ?? '');
      assert.ok(anchors.length >= 10);
      for (const anchor of anchors) assert.match(html, new RegExp(`id="${anchor}"`), `#${anchor} has a target`);
      assert.match(html, /<a href="\/frameworks\/ccg-af-2015-16@1\/source" download="ccg-af-2015-16@1\.yaml">/);
      assert.match(html, /<a href="\/api\/v1\/frameworks\/ccg-af-2015-16@1">This framework as JSON<\/a>/);
    });

    it('tags every rule Documented or Reconstruction with its reasoning and cited sources', async () => {
      const html = await page('/frameworks/ccg-af-2015-16@1');
      assert.match(html, /<strong class="nhsuk-tag nhsuk-tag--green">\s*Documented\s*<\/strong>\s+The limiting-factor rule as reported\./);
      assert.match(html, /<strong class="nhsuk-tag nhsuk-tag--orange">\s*Reconstruction\s*<\/strong>\s+The final rule was never published\./);
      assert.match(html, /<a href="https:\/\/www\.hsj\.co\.uk\/commissioning\/ccg-ratings-26-judged-inadequate-by-nhs-england\/7009416\.article">HSJ: CCG ratings: 26 judged inadequate by NHS England<\/a>/);
      assert.match(html, /<a href="\/frameworks\/ccg-af-2015-16@1#source-assurance-regime">Assure reference/, 'a source without an address links to its entry on the page');
      assert.match(html, /<li id="source-assurance-regime">/);
    });

    it('reads each rule variant’s steps in order in plain English, the default variant marked', async () => {
      const html = await page('/frameworks/ccg-af-2015-16@1');
      assert.match(html, /<h3 id="variant-final-2015">Final rule \(re-rating, reconstructed\)\s+<strong class="nhsuk-tag nhsuk-tag--blue">\s*Default\s*<\/strong>/);
      assert.match(html, /<h3 id="variant-draft-2015">Draft rule \(worst component\)<\/h3>/);
      const steps = headings(html, 4);
      assert.deepEqual(steps.slice(0, 3), ['Combine domain ratings: worst-component', 'Combine domain ratings: modal-component', 'Limiter: finance-inadequate-caps-ri']);
      assert.equal(steps.at(-1), 'Moderation: moderation');
      assert.match(html, /Caps the level at Requires improvement when the condition holds/);
      assert.match(html, /Applies when\s+Financial management is rated Inadequate/);
      assert.match(html, /at least one of these holds:\s*<ul[^>]*>\s*<li>\s*at least 1 domain is rated Inadequate/);
      assert.match(html, /Warns when more than 25% of organisations would be Inadequate\./);

      const cqc = await page('/frameworks/cqc-principles@1');
      assert.match(cqc, /Goes through these cases in order; the first that holds sets the level\./);
      assert.match(cqc, /Otherwise, when no case above holds:/);
      assert.match(cqc, /This framework does not rank organisations\./);
      assert.match(await page('/frameworks/nof-2025-26@1'), /League-table positions within organisations of the same type: by headline level, then by score\./);
    });

    it('lists indicators with their scoring, each linking to a page with every field of its definition', async () => {
      const html = await page('/frameworks/ccg-iaf-2016-17@1');
      assert.match(html, /<a href="\/frameworks\/ccg-iaf-2016-17@1\/indicators\/141b">141b<\/a>/);
      assert.match(html, /<h3 id="composite-cancer">Cancer clinical priority area<\/h3>/);
      const indicator = await page('/frameworks/ccg-af-2015-16@1/indicators/127c');
      assert.deepEqual(headings(indicator, 1), ['127c A&amp;E: admitted, transferred or discharged within 4 hours']);
      for (const key of ['Unit', 'Polarity', 'Data type', 'Multiplier', 'Scoring method', 'Comparator', 'Standard', 'Minimum denominator', 'Period', 'Weight', 'Counts towards ratings']) {
        assert.match(indicator, new RegExp(`<dt class="nhsuk-summary-list__key">\\s*${key}\\s*</dt>`), key);
      }
      assert.match(indicator, /Compared with the standard of 95%: met scores 4 points, within 2 percentage points of it 2, not met 1\./);
      assert.match(indicator, /<a href="\/frameworks\/ccg-af-2015-16@1#domain-performance">Performance<\/a>/);
      assert.match(indicator, /nhsuk-tag--green">\s*Documented/);
    });

    it('answers a 404 page for an unknown or malformed framework version or indicator', async () => {
      for (const url of ['/frameworks/nope@1', '/frameworks/ccg-af-2015-16@9', '/frameworks/ccg-af-2015-16', '/frameworks/CCG-AF-2015-16@1', '/frameworks/a%00b@1', '/frameworks/nope@1/source', '/frameworks/ccg-af-2015-16@1/indicators/nope', '/frameworks/ccg-af-2015-16@1/indicators/a%3Cb', '/frameworks/x@1/indicators/127c']) {
        const html = await page(url, 404);
        assert.deepEqual(headings(html, 1), ['Not found'], url);
      }
    });

    it('serves each version’s file exactly as loaded, as text with a file name, so versions can be compared', async () => {
      for (const file of await readShippedFrameworkFiles()) {
        const id = `${validateFrameworkFile(file.fileName, file.text).id}@1`;
        const response = await app.inject({ method: 'GET', url: `/frameworks/${id}/source` });
        assert.equal(response.statusCode, 200);
        assert.equal(response.headers['content-type'], 'text/plain; charset=utf-8');
        assert.equal(response.headers['content-disposition'], `inline; filename="${id}.yaml"`);
        assert.equal(response.body, file.text);
      }
      const second = await app.inject({ method: 'GET', url: '/frameworks/cqc-principles@2/source' });
      assert.match(second.body, /Version 2 of the principles\./);
      assert.equal(second.headers['content-disposition'], 'inline; filename="cqc-principles@2.yaml"');
      assert.equal((await app.inject({ method: 'GET', url: '/frameworks/hostile@1/source' })).headers['content-disposition'], 'inline; filename="hostile@1.json"');
    });

    it('escapes everything a framework file provides, and links no source that is not http or https', async () => {
      for (const url of ['/frameworks', '/frameworks/hostile@1', '/frameworks/hostile@1/indicators/none']) {
        const response = await app.inject({ method: 'GET', url });
        for (const pattern of INJECTED) assert.doesNotMatch(response.body, pattern, url);
      }
      const html = await page('/frameworks/hostile@1');
      assert.match(html, /&lt;script&gt;alert/);
      assert.doesNotMatch(html, /href="javascript:/);
      assert.match(html, /<a href="\/frameworks\/hostile@1#source-evil">Evil &lt;script&gt;/);
    });

    it('lists framework versions in the API with counts and links', async () => {
      const response = await app.inject({ method: 'GET', url: '/api/v1/frameworks' });
      assert.equal(response.statusCode, 200);
      const body = response.json<{ data: Summary[]; links: { self: string } }>();
      assert.deepEqual(body.links, { self: '/api/v1/frameworks' });
      assert.deepEqual(body.data.map((summary) => summary.id).sort(), [...SHIPPED, 'cqc-principles@2', 'hostile@1'].sort());
      const af = body.data.find((summary) => summary.id === 'ccg-af-2015-16@1');
      assert.ok(af !== undefined);
      assert.deepEqual(af.counts, { domains: 5, indicators: 10, composites: 0, judgements: 4, variants: 2 });
      assert.deepEqual(af.links, { self: '/api/v1/frameworks/ccg-af-2015-16@1', page: '/frameworks/ccg-af-2015-16@1', source: '/frameworks/ccg-af-2015-16@1/source' });
    });

    it('gives each shipped framework version’s full definition in the API, as validated on loading', async () => {
      const files = new Map((await readShippedFrameworkFiles()).map((file) => [`${validateFrameworkFile(file.fileName, file.text).id}@1`, file]));
      for (const id of SHIPPED) {
        const response = await app.inject({ method: 'GET', url: `/api/v1/frameworks/${id}` });
        assert.equal(response.statusCode, 200, `${id}: ${response.body.slice(0, 300)}`);
        const { data } = response.json<{ data: Summary & { fileName: string; contentHash: string; definition: unknown } }>();
        const file = files.get(id);
        assert.ok(file !== undefined);
        assert.equal(data.fileName, file.fileName);
        assert.match(data.contentHash, /^[0-9a-f]{64}$/);
        assert.deepEqual(data.definition, JSON.parse(JSON.stringify(validateFrameworkFile(file.fileName, file.text))), `${id}: the definition, conditions and all`);
      }
    });

    it('answers problem details: 400 for a malformed version id, 404 for an unknown one', async () => {
      for (const [url, status] of [['/api/v1/frameworks/nope', 400], ['/api/v1/frameworks/a%3Cb@1', 400], ['/api/v1/frameworks/nope@1', 404], ['/api/v1/frameworks/ccg-af-2015-16@2', 404]] as const) {
        const response = await app.inject({ method: 'GET', url });
        assert.equal(response.statusCode, status, url);
        assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
        assert.equal(response.json<{ status: number }>().status, status);
      }
    });

    it('describes both API routes in the OpenAPI document, with every reference resolvable', async () => {
      const document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json<OpenApiDocument>();
      const list = document.paths['/api/v1/frameworks']?.['get'];
      const one = document.paths['/api/v1/frameworks/{versionId}']?.['get'];
      assert.ok(list !== undefined && one !== undefined, 'both routes are documented');
      assert.deepEqual(list.tags, ['frameworks']);
      assert.deepEqual(one.tags, ['frameworks']);
      assert.deepEqual(one.parameters?.map((parameter) => [parameter.name, parameter.in]), [['versionId', 'path']]);
      assert.deepEqual(Object.keys(one.responses).sort(), ['200', '400', '404']);
      const references = [...JSON.stringify({ list, one }).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((match) => match[1] ?? '');
      for (const name of references) assert.ok(document.components?.schemas?.[name] !== undefined, `#/components/schemas/${name} is defined`);
      assert.equal(document.paths['/frameworks'], undefined, 'pages are not part of the API document');
    });
  });
}
