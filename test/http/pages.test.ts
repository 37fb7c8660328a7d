import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.ts';
import { importOrganisations } from '../../src/services/import-organisations.ts';
import { TEST_ANALYST } from '../support/ratings.ts';
import { buildTestApp } from '../support/app.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';

const PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>';

for (const engine of testEngines()) {
  describe(`web pages on ${engine}`, () => {
    let database: Database;
    let app: FastifyInstance;
    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await importOrganisations(database.db, {
        source: 'payload',
        actor: TEST_ANALYST,
        records: [{ code: 'XSS01', onsCode: null, name: `NHS ${PAYLOAD} CCG`, type: 'ccg', regionCode: 'Y56', population: 1, establishedOn: null, closedOn: null, successorCode: null, peerCodes: ['02N'] }],
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

    it('home page links to the organisations and counts them', async () => {
      const html = await page('/');
      assert.match(html, /<title>Home – Assure – NHS England<\/title>/);
      assert.match(html, /The 210 clinical commissioning groups and 214 organisations/);
      assert.match(html, /href="\/organisations"/);
    });

    it('lists organisations 25 a page with working page links', async () => {
      const html = await page('/organisations');
      assert.match(html, /Showing 1 to 25 of 214 organisations\./);
      assert.equal((html.match(/<tr class="nhsuk-table__row">/g) ?? []).length, 26);
      assert.match(html, /href="\/organisations\?page=2"/);
      const last = await page('/organisations?page=9');
      assert.match(last, /Showing 201 to 214 of 214 organisations\./);
      assert.match(await page('/organisations?page=99'), /Page 99 is past the end/);
      assert.match(await page('/organisations?page=-1'), /Showing 1 to 25/);
    });

    it('searches by name or code and keeps the search in page links', async () => {
      const html = await page('/organisations?q=leeds');
      assert.match(html, /Showing 1 to 3 of 3 organisations matching “leeds”\./);
      assert.match(html, /value="leeds"/);
      assert.match(await page('/organisations?q=E38000001'), /NHS Airedale, Wharfedale and Craven CCG/);
      assert.match(await page('/organisations?q=nowhere-at-all'), /No organisations match “nowhere-at-all”\./);
      const london = await page('/organisations?region=Y56&type=ccg');
      assert.match(london, /Showing 1 to 25 of 33 organisations/);
      assert.match(london, /href="\/organisations\?type=ccg&amp;region=Y56&amp;page=2"/);
    });

    it('shows an organisation with its codes, population, region and linked peer group', async () => {
      const html = await page('/organisations/02N');
      assert.match(html, /<h1>NHS Airedale, Wharfedale and Craven CCG<\/h1>/);
      assert.match(html, /E38000001/);
      assert.match(html, /157,483/);
      assert.match(html, /<a href="\/organisations\/Y54">North of England<\/a>/);
      assert.match(html, /<li><a href="\/organisations\/02T">NHS Calderdale CCG<\/a> \(02T\)<\/li>/);
      assert.match(html, /1 April 2013/);
    });

    it('redirects an ONS or lower-case code to the ODS address', async () => {
      const response = await app.inject({ method: 'GET', url: '/organisations/e38000001' });
      assert.equal(response.statusCode, 301);
      assert.equal(response.headers.location, '/organisations/02N');
    });

    it('answers an NHS.UK 404 page for an unknown organisation', async () => {
      const html = await page('/organisations/ZZZ', 404);
      assert.match(html, /<h1>Not found<\/h1>/);
      await page('/no-such-page', 404);
    });

    it('escapes names everywhere they are shown', async () => {
      for (const url of ['/organisations?q=XSS01', '/organisations/XSS01', '/organisations?region=Y56&type=ccg&page=2']) {
        const html = await page(url);
        assert.ok(!html.includes(PAYLOAD), `${url} shows the payload unescaped`);
        assert.ok(!/<script>alert/.test(html) && !/<img src=x/.test(html), url);
      }
      assert.match(await page('/organisations/XSS01'), /&lt;script&gt;alert/);
    });

    it('makes no request outside Assure: every asset is served locally', async () => {
      const html = await page('/organisations/02N');
      const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1] ?? '');
      assert.ok(urls.every((url) => url.startsWith('/') || url.startsWith('#')), urls.filter((url) => !url.startsWith('/')).join(' '));
      for (const asset of ['/static/assure.css', '/static/init.js', '/static/nhsuk/nhsuk-frontend.min.js', '/assets/images/favicon.svg', '/assets/manifest.json']) {
        const response = await app.inject({ method: 'GET', url: asset });
        assert.equal(response.statusCode, 200, asset);
      }
      const css = (await app.inject({ method: 'GET', url: '/static/assure.css' })).body;
      assert.ok(!css.includes('https://'), 'the stylesheet loads no remote fonts');
    });
  });
}
