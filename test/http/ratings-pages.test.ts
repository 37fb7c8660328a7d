import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.ts';
import { insertDataset } from '../../src/db/repositories/datasets.ts';
import { buildApp } from '../../src/http/app.ts';
import { computeRatings } from '../../src/services/ratings.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { anonymousClient, createPersonas, type Persona, signInAs, type TestClient } from '../support/identity.ts';
import { computeDemoRun, installRatingData, TEST_ANALYST } from '../support/ratings.ts';

const PAYLOAD = '<script>alert("x")</script>';

/** The text of an HTML fragment, tags dropped and whitespace collapsed, as a reader sees it. */
function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#8217;/g, '’')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The cells of a table's body row whose header cell (or first cell) starts with the label. */
function rowCells(html: string, label: string): string[] {
  for (const row of html.matchAll(/<tr class="nhsuk-table__row">([\s\S]*?)<\/tr>/g)) {
    const cells = [...(row[1] ?? '').matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => textOf(cell[1] ?? ''));
    if (cells[0]?.startsWith(label) === true) return cells;
  }
  return [];
}

for (const engine of testEngines()) {
  describe(`rating pages on ${engine}`, () => {
    let database: Database;
    let app: FastifyInstance;
    let draftRunId: string;
    let finalRunId: string;
    const clients = new Map<Persona, TestClient>();

    async function as(persona: Persona): Promise<TestClient> {
      const client = clients.get(persona) ?? (await signInAs(app, persona));
      clients.set(persona, client);
      return client;
    }

    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await createPersonas(database.db);
      await installRatingData(database.db);
      draftRunId = await computeDemoRun(database.db, 'draft-2015');
      finalRunId = await computeDemoRun(database.db, 'final-2015');
      app = await buildApp({ db: database.db, logger: false, security: { signInAttemptsPerMinute: 10_000 } });
    });
    after(async () => {
      await app.close();
      await database.close();
    });

    it('lists runs with their distribution, and offers the compute form to national analysts only', async () => {
      const analyst = (await (await as('national-analyst')).get('/ratings')).body;
      assert.match(analyst, /Showing 1 to 2 of 2 runs, newest first\./);
      assert.match(textOf(analyst), /Outstanding 0, Good 18, Requires improvement 40, Inadequate 151 2 guard-rail warnings/);
      assert.match(analyst, new RegExp(`href="/ratings/${draftRunId}"`));
      assert.match(analyst, /<strong class="nhsuk-tag nhsuk-tag--orange">Synthetic<\/strong>/);
      assert.match(analyst, /<form method="post" action="\/ratings"/);
      const committee = (await (await as('committee-member')).get('/ratings')).body;
      assert.match(committee, new RegExp(`href="/ratings/${finalRunId}"`));
      assert.doesNotMatch(committee, /action="\/ratings"|Compute ratings/);
    });

    it('computes a run from the form and goes to it; a rule that is not loaded or does not fit the data is a form error', async () => {
      const analyst = await as('national-analyst');
      const computed = await analyst.post('/ratings', { rule: 'ccg-iaf-2016-17@1 iaf-reference', dataset: 'demo-2016' });
      assert.equal(computed.statusCode, 303);
      const location = String(computed.headers.location);
      assert.match(location, /^\/ratings\/[0-9a-f-]{36}$/);
      const page = (await analyst.get(location)).body;
      assert.match(page, /<h1>CCG Improvement and Assessment Framework 2016\/17: /);

      const unknown = await analyst.post('/ratings', { rule: 'ccg-af-2015-16@1 no-such-rule', dataset: 'demo-2016' });
      assert.equal(unknown.statusCode, 400);
      assert.match(unknown.body, /There is a problem/);
      assert.match(unknown.body, /href="#rule">\s*no-such-rule is not a rule variant of ccg-af-2015-16@1/);
      const unfit = await analyst.post('/ratings', { rule: 'cqc-principles@1 principles', dataset: 'demo-2016' });
      assert.equal(unfit.statusCode, 400);
      assert.match(unfit.body, /The dataset does not fit this framework \(\d+ more problems not shown\)/);
      assert.equal((await (await as('committee-member')).post('/ratings', { rule: 'ccg-af-2015-16@1 final-2015', dataset: 'demo-2016' })).statusCode, 403);
    });

    it('shows a run: accessible chart with its table, guard rails, provenance, every organisation and what decided it, filtered by region and rating', async () => {
      const html = (await (await as('auditor')).get(`/ratings/${draftRunId}`)).body;
      const svg = /<svg[^>]*class="plot-[^>]*>/.exec(html)?.[0] ?? '';
      for (const attribute of ['role="img"', 'aria-labelledby="run-distribution-title"', 'aria-describedby="run-distribution-desc"']) assert.ok(svg.includes(attribute), attribute);
      assert.match(html, /<title id="run-distribution-title">Headline ratings of 209 CCGs under Draft rule \(worst component\)<\/title>/);
      assert.match(html, /<desc id="run-distribution-desc">Outstanding: 0; Good: 18; Requires improvement: 40; Inadequate: 151\./);
      assert.doesNotMatch(html, /<style/, 'no inline style element for the content security policy to refuse');
      assert.deepEqual(rowCells(html, 'Inadequate'), ['Inadequate', '151', '72.2%']);
      assert.match(html, /class="nhsuk-card nhsuk-card--warning"/);
      assert.match(textOf(html), /More than a quarter of organisations would be inadequate; check the rule before it goes forward\. \(Inadequate: 151 of 209 CCGs, 72\.2%\)/);
      assert.match(html, /Synthetic data/);
      assert.match(textOf(html), /Engine version assure-rating\/[\d.]+/);
      assert.match(textOf(html), /Input hash \(SHA-256\) [0-9a-f]{64}/);
      assert.match(textOf(html), /Output hash \(SHA-256\) [0-9a-f]{64}/);
      assert.match(html, /All 209 CCGs, by code\./);
      assert.match(html, new RegExp(`<a href="/ratings/${draftRunId}/organisations/02N">NHS Airedale, Wharfedale and Craven CCG</a>`));
      assert.match(html, /<code>worst-component<\/code><br><span class="nhsuk-body-s">worst of /);

      const filtered = (await (await as('auditor')).get(`/ratings/${draftRunId}?region=y54&rating=good`)).body;
      const shown = /Showing (\d+) of 209 CCGs\./.exec(filtered);
      assert.ok(shown !== null && Number(shown[1]) > 0 && Number(shown[1]) < 18, filtered.slice(0, 200));
      assert.equal([...filtered.matchAll(/\/organisations\/[0-9A-Z]{3}">/g)].length, Number(shown[1]));
      assert.match((await (await as('auditor')).get(`/ratings/${draftRunId}?region=nowhere&rating=%3Cx%3E`)).body, /All 209 CCGs, by code\./, 'unknown filters are ignored');
    });

    it('refuses a run to those who may not read whole runs, and answers an unknown run with 404', async () => {
      assert.equal((await (await as('ccg-user 02N (own organisation)')).get(`/ratings/${draftRunId}`)).statusCode, 403);
      assert.equal((await (await as('regional-lead Y54 (own region)')).get('/ratings')).statusCode, 403);
      assert.equal((await (await as('auditor')).get('/ratings/00000000-0000-4000-8000-000000000000')).statusCode, 404);
      assert.equal((await (await as('auditor')).get('/ratings/not-a-run')).statusCode, 404);
      const anonymous = await (await anonymousClient(app)).get(`/ratings/${draftRunId}`);
      assert.equal(anonymous.statusCode, 303);
      assert.equal(anonymous.headers.location, `/sign-in?returnTo=${encodeURIComponent(`/ratings/${draftRunId}`)}`);
    });

    it('explains one rating line by line: headline and its rule, domains, every step with its basis, every indicator, flags and provenance', async () => {
      const html = (await (await as('ccg-user 02N (own organisation)')).get(`/ratings/${finalRunId}/organisations/02N`)).body;
      const text = textOf(html);
      assert.match(html, /<h1>NHS Airedale, Wharfedale and Craven CCG<\/h1>/);
      assert.match(text, /Headline: (Outstanding|Good|Requires improvement|Inadequate) Decided by the rule [a-z-]+/);
      assert.match(text, /Well-led organisation (Outstanding|Good|Requires improvement|Inadequate)/);
      for (const step of ['modal-component', 'finance-inadequate-caps-ri', 'two-inadequate-make-inadequate', 'legal-directions-cap', 'moderation']) {
        assert.match(html, new RegExp(`<a href="/frameworks/ccg-af-2015-16@1#step-final-2015-${step}"><code>${step}</code></a>`));
      }
      assert.match(html, /Changed the rating/);
      assert.match(html, /Held: did not apply/);
      assert.match(html, /<strong class="nhsuk-tag nhsuk-tag--orange">Reconstruction<\/strong>/);
      assert.match(html, /<strong class="nhsuk-tag nhsuk-tag--green">Documented<\/strong>/);
      assert.match(text, /127c A&amp;E: admitted, transferred or discharged within 4 hours: [\d.]+% \(95% CI [\d.]+–[\d.]+\); standard 95: (met|not-met|within-tolerance) → \d+ points \[synthetic\]/);
      assert.match(html, /<strong class="nhsuk-tag nhsuk-tag--orange">Synthetic<\/strong>/);
      assert.match(text, /\d+ of the \d+ indicator values below are synthetic and marked so\./);
      assert.match(text, /Data flags (None|.+)/);
      assert.match(text, /Rule variant Final rule \(re-rating, reconstructed\) \(final-2015\)/);
      assert.match(text, /Dataset .* \(demo-2016\), synthetic/);
      assert.match(text, /Input hash \(SHA-256\) [0-9a-f]{64}/);
      assert.doesNotMatch(html, new RegExp(`href="/ratings/${finalRunId}"`), 'a CCG user is not offered the whole run');
      assert.match((await (await as('national-analyst')).get(`/ratings/${finalRunId}/organisations/02N`)).body, new RegExp(`href="/ratings/${finalRunId}"`));
    });

    it('hides a draft explanation from another CCG, another region and anyone without a national role; asks the public to sign in', async () => {
      const url = `/ratings/${finalRunId}/organisations/02N`;
      for (const persona of ['ccg-user 02T (other organisation, same region)', 'regional-lead Y56 (other region)', 'admin', 'no role'] as const) {
        const response = await (await as(persona)).get(url);
        assert.equal(response.statusCode, 404, persona);
        assert.doesNotMatch(response.body, /Airedale/, persona);
      }
      for (const persona of ['regional-lead Y54 (own region)', 'committee-member', 'auditor'] as const) assert.equal((await (await as(persona)).get(url)).statusCode, 200, persona);
      const anonymous = await (await anonymousClient(app)).get(url);
      assert.equal(anonymous.statusCode, 303);
      assert.match(String(anonymous.headers.location), /^\/sign-in\?returnTo=/);
      assert.equal((await (await anonymousClient(app)).get(`/ratings/${finalRunId}/organisations/ZZZ`)).statusCode, 303, 'the public cannot tell a missing rating from a hidden one');
      assert.equal((await (await as('national-analyst')).get(`/ratings/${finalRunId}/organisations/ZZZ`)).statusCode, 404);
    });

    it('simulates a rule change from a GET form: both distributions, guard rails, the transition matrix with headers, and every mover', async () => {
      const analyst = await as('national-analyst');
      const empty = await analyst.get('/ratings/simulate');
      assert.equal(empty.statusCode, 200);
      assert.match(empty.body, /<form method="get" action="\/ratings\/simulate"/);
      assert.match(empty.body, /<option value="draft-2015" selected>/);
      assert.match(empty.body, /<option value="final-2015" selected>/);
      assert.doesNotMatch(empty.body, /<h2>Result<\/h2>/);

      const html = (await analyst.get('/ratings/simulate?framework=ccg-af-2015-16%401&baseline=final-2015&candidate=draft-2015&dataset=demo-2016')).body;
      assert.match(html, /<h2>Result<\/h2>/);
      assert.match(html, /Guard rails fire on the candidate rule/);
      assert.match(html, /<th scope="colgroup" colspan="4" class="nhsuk-table__header">Candidate rating<\/th>/);
      assert.deepEqual(rowCells(html, 'Outstanding'), ['Outstanding', '7', '3.3%', '0', '0.0%']);
      const matrixRows = ['Outstanding', 'Good', 'Requires improvement', 'Inadequate'].map((level) => {
        const row = [...html.matchAll(new RegExp(`<th scope="row" class="nhsuk-table__header">${level}</th>((?:\\s*<td class="nhsuk-table__cell app-table-numeric">(?:<strong>)?\\d+(?:</strong>)?</td>)+)`, 'g'))].at(-1)?.[1] ?? '';
        return [...row.matchAll(/>(\d+)</g)].map((match) => Number(match[1]));
      });
      const offDiagonal = matrixRows.reduce((sum, row, from) => sum + row.reduce((rowSum, count, to) => rowSum + (from === to ? 0 : count), 0), 0);
      const moved = Number(/(\d+) CCGs would move; (\d+) keep their rating\./.exec(html)?.[1]);
      assert.equal(moved, offDiagonal, 'every mover is one off-diagonal transition');
      assert.equal([...html.matchAll(/<th scope="row" class="nhsuk-table__header">[^<]+ \([0-9A-Z]{3}\)<\/th>/g)].length, moved);
      assert.match(html, /<code>modal-component<\/code><\/td>\s*<td class="nhsuk-table__cell"><code>worst-component<\/code>/);
    });

    it('answers a simulation naming rules the framework lacks with the form and its errors; refuses it to anyone but national analysts', async () => {
      const analyst = await as('national-analyst');
      const wrong = await analyst.get('/ratings/simulate?framework=ccg-iaf-2016-17%401&baseline=draft-2015&candidate=final-2015&dataset=demo-2016');
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /href="#baseline">\s*draft-2015 is not a rule variant of ccg-iaf-2016-17@1/);
      assert.match(wrong.body, /<option value="iaf-reference"/, 'the rule lists now offer the chosen framework’s variants');
      assert.equal((await analyst.get('/ratings/simulate?framework=nope%401&dataset=nope')).statusCode, 400);
      for (const persona of ['committee-member', 'auditor', 'ccg-user 02N (own organisation)'] as const) {
        assert.equal((await (await as(persona)).get('/ratings/simulate')).statusCode, 403, persona);
        assert.equal((await (await as(persona)).get('/ratings/calibration')).statusCode, 403, persona);
      }
    });

    it('escapes what a dataset says of itself, and shows organisations that could not be rated with the reason', async () => {
      await insertDataset(database.db, { code: 'hostile', title: `Imported ${PAYLOAD}`, asOf: '2016-03-31', synthetic: false });
      const { record } = await computeRatings(database.db, TEST_ANALYST, { frameworkVersionId: 'ccg-af-2015-16@1', dataset: 'hostile' });
      const run = (await (await as('auditor')).get(`/ratings/${record.id}?rating=not-rated`)).body;
      assert.ok(!run.includes(PAYLOAD));
      assert.match(run, /Imported &lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;/);
      assert.doesNotMatch(run, /Synthetic data/, 'measured data is not labelled synthetic');
      assert.deepEqual(rowCells(run, 'Not rated'), ['Not rated', '209', '100.0%']);
      assert.match(run, /Showing 209 of 209 CCGs\./);
      const explanation = (await (await as('auditor')).get(`/ratings/${record.id}/organisations/02N`)).body;
      assert.ok(!explanation.includes(PAYLOAD));
      assert.match(textOf(explanation), /Headline: not rated \(.+\)/);
    });

    it('tells the 2015/16 story on the calibration page: the draft’s inadequate share, its guard rails, the final rule beside the published figures', async () => {
      const html = (await (await as('national-analyst')).get('/ratings/calibration')).body;
      const text = textOf(html);
      assert.match(text, /Under the draft rule \(worst component\), 151 of 209 CCGs \(72\.2%\) would be inadequate and 0 outstanding\./);
      assert.match(html, /Guard rails fire on the draft rule/);
      assert.match(text, /More than a quarter of organisations would be inadequate; check the rule before it goes forward\./);
      assert.match(text, /No organisation would be outstanding; check the rule before it goes forward\./);
      assert.match(text, /the demo year gives 7 \/ 86 \/ 88 \/ 28 \(Outstanding \/ Good \/ Requires improvement \/ Inadequate\) against the published 10 \/ 82 \/ 91 \/ 26, within 4 at every level\. No guard rail fires on it\./);
      assert.match(text, /about 75% \(≈ 157 of 209\) of CCGs inadequate and about 0 outstanding/);
      assert.match(text, /Between the two rules, 151 CCGs change rating/);
      assert.deepEqual(rowCells(html, 'Inadequate'), ['Inadequate', '151', 'about 75% (≈ 157 of 209)', '28', '26']);
      assert.match(html, /Synthetic data/);
      assert.match(text, /calibration check of the reconstructed rules, not a replay/);
      assert.match(html, /<title id="calibration-title">/);
      assert.match(html, /Published final ratings/);
      assert.match(html, /href="https:\/\/www\.hsj\.co\.uk\/commissioning\/ccg-ratings-26-judged-inadequate-by-nhs-england\/7009416\.article"/);
    });
  });
}
