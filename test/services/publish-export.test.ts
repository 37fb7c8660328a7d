import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeFailure } from '../../src/cli/errors.ts';
import type { Database } from '../../src/db/connect.ts';
import { listAuditEvents } from '../../src/db/repositories/audit-events.ts';
import { buildApp } from '../../src/http/app.ts';
import { anonymousSiteFetcher } from '../../src/http/site-fetcher.ts';
import { serveStaticDirectory, type StaticServer } from '../../src/http/static-export-server.ts';
import { createReportRenderer } from '../../src/http/reports/report-renderer.ts';
import { ConflictError, NotFoundError } from '../../src/services/errors.ts';
import { buildRoundReports } from '../../src/services/reports/build-reports.ts';
import { exportPublishedRound, type ExportRoundInput } from '../../src/services/publish-export/export-round.ts';
import { EXPORT_MARKER } from '../../src/services/publish-export/output-folder.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { publishDemoRound, TEST_COMMITTEE } from '../support/published-round.ts';
import { installRatingData, TEST_ANALYST } from '../support/ratings.ts';

// The export is checked the way a visitor would meet it: served by a plain static file server from a folder
// that is not the server's root, every link of every exported page followed. Links are found here with a
// pattern of their own rather than the exporter's scanner, so a fault in the scanner cannot hide itself.

const T = new Date('2016-07-01T08:30:00Z');
const LATER = new Date('2016-10-01T08:30:00Z');
const UNKNOWN = '00000000-0000-4000-8000-000000000000';
// Every download is byte for byte the same however often it is made, the workbook too (its zip entries carry a fixed time).
const BYTE_IDENTICAL = ['ratings.csv', 'ratings.json', 'ratings.xlsx'];

const LINK = /\s(?:href|src)="([^"]*)"/g;
const CSS_URL = /url\(\s*["']?([^"')]+)["']?\s*\)/g;

function linksOf(body: string, contentType: string): string[] {
  const pattern = contentType.startsWith('text/css') ? CSS_URL : LINK;
  return [...body.matchAll(pattern)].map((match) => (match[1] ?? '').replaceAll('&amp;', '&')).filter((link) => link !== '' && !link.startsWith('#'));
}

/** Every page reachable from `start` on the static server, every same-site href and src on them fetched: 200 or listed. */
async function followEveryLink(server: StaticServer, start: string): Promise<{ pages: Set<string>; broken: string[]; absolute: string[] }> {
  const pages = new Set<string>();
  const checked = new Set<string>();
  const broken: string[] = [];
  const absolute: string[] = [];
  const queue = [new URL(start, server.origin).href];
  for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
    const response = await fetch(url);
    const contentType = response.headers.get('content-type') ?? '';
    const body = await response.text();
    if (contentType.startsWith('text/html')) pages.add(new URL(url).pathname);
    for (const link of linksOf(body, contentType)) {
      const target = new URL(link, url);
      // Links to other sites (a framework's sources) stay as they are; links within the export must be relative.
      if (link.startsWith('/') || (target.origin === server.origin && /^[a-z]+:/i.test(link))) absolute.push(`${link} on ${url}`);
      target.hash = '';
      if (target.origin !== server.origin || checked.has(target.href)) continue;
      checked.add(target.href);
      const answer = await fetch(target, { method: 'HEAD' });
      if (answer.status !== 200) broken.push(`${target.pathname} (${String(answer.status)}) on ${url}`);
      else if (/\.(html|css)$/.test(target.pathname)) queue.push(target.href);
    }
  }
  return { pages, broken, absolute };
}

for (const engine of testEngines()) {
  describe(`assure publish export on ${engine}`, () => {
    let database: Database;
    let app: FastifyInstance;
    let roundId: string;
    let tmp: string;
    let current = T;
    const input = (roundId: string, folder: string, replace = false): ExportRoundInput => ({
      roundId,
      folder,
      replace,
      now: current,
      fetchResource: anonymousSiteFetcher(app),
    });

    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await installRatingData(database.db);
      roundId = await publishDemoRound(database.db, T);
      app = await buildApp({ db: database.db, logger: false, clock: () => current });
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'assure-publish-export-'));
    });
    after(async () => {
      await app.close();
      await database.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    it('replaces a folder whole when asked, so that every link on every page answers 200 from a plain static server in a subfolder', async () => {
      current = T;
      const host = path.join(tmp, 'host');
      fs.mkdirSync(path.join(host, 'ratings-2016'), { recursive: true });
      fs.writeFileSync(path.join(host, 'ratings-2016', 'old.txt'), 'an earlier export');
      const outcome = await exportPublishedRound(database.db, TEST_COMMITTEE, input(roundId, path.join(host, 'ratings-2016'), true));
      assert.equal(outcome.roundId, roundId);
      assert.deepEqual(fs.readdirSync(host), ['ratings-2016'], 'no staging or replaced folder is left beside the export');
      assert.ok(!fs.existsSync(path.join(host, 'ratings-2016', 'old.txt')));
      const server = await serveStaticDirectory(host);
      try {
        const { pages, broken, absolute } = await followEveryLink(server, '/ratings-2016/');
        assert.deepEqual(broken, []);
        assert.deepEqual(absolute, [], 'every link within the export is relative');
        const roundPages = `/ratings-2016/scorecard/rounds/${roundId}`;
        const live = (await app.inject({ url: `/scorecard/rounds/${roundId}/ratings.json` })).json<{ data: { organisation_code: string }[] }>();
        assert.equal(live.data.length, 209);
        for (const { organisation_code: code } of live.data) assert.ok(pages.has(`${roundPages}/organisations/${code}/index.html`), `${code}'s page is linked and exported`);
        assert.ok(pages.has('/ratings-2016/scorecard/data-dictionary/index.html'));
        const served = async (name: string) => Buffer.from(await (await fetch(`${server.origin}${roundPages}/${name}`)).arrayBuffer());
        const rendered = async (name: string) => (await app.inject({ url: `/scorecard/rounds/${roundId}/${name}` })).rawPayload;
        for (const name of BYTE_IDENTICAL) assert.ok((await served(name)).equals(await rendered(name)), `${name} is byte for byte what the live route serves`);
        const overview = await (await fetch(`${server.origin}${roundPages}/index.html`)).text();
        assert.doesNotMatch(overview, /<form/, 'a static server cannot answer a form');
        assert.match(overview, /This static copy of the round cannot search, filter or compare/);
        assert.doesNotMatch(overview, /sign-in|openapi/, 'links to the live service are taken out');
      } finally {
        await server.close();
      }
      const [event] = await listAuditEvents(database.db, { action: 'publish.export' }, { limit: 10, offset: 0 });
      assert.equal(event?.object.id, roundId);
      assert.equal(event.actor.id, TEST_COMMITTEE.userId);
      assert.deepEqual(event.after, { title: outcome.title, folder: outcome.folder, files: outcome.files, bytes: outcome.bytes, digest: outcome.digest });
    });

    it('refuses a round under embargo exactly as an unknown one, and writes nothing', async () => {
      const embargoed = await publishDemoRound(database.db, LATER, 'Embargoed round 2015/16');
      current = new Date(LATER.getTime() - 1);
      const parent = path.join(tmp, 'embargo');
      fs.mkdirSync(parent);
      const refusals: Error[] = [];
      for (const id of [embargoed, UNKNOWN]) {
        await assert.rejects(exportPublishedRound(database.db, TEST_COMMITTEE, input(id, path.join(parent, 'out'))), (error: Error) => {
          refusals.push(error);
          return error instanceof NotFoundError;
        });
      }
      assert.equal(refusals[0]?.message.replace(embargoed, UNKNOWN), refusals[1]?.message);
      assert.equal(describeFailure(refusals[0]).exitCode, 2);
      assert.deepEqual(fs.readdirSync(parent), [], 'no folder, not even a staging one');
      const events = await listAuditEvents(database.db, { action: 'publish.export', objectId: embargoed }, { limit: 10, offset: 0 });
      assert.deepEqual(events, []);
    });

    it('refuses a folder with contents, changing nothing', async () => {
      current = T;
      const folder = path.join(tmp, 'occupied');
      fs.mkdirSync(folder);
      fs.writeFileSync(path.join(folder, 'keep.txt'), 'mine');
      await assert.rejects(exportPublishedRound(database.db, TEST_COMMITTEE, input(roundId, folder)), (error: Error) => {
        assert.equal(describeFailure(error).exitCode, 2);
        return error instanceof ConflictError && /not empty/.test(error.message);
      });
      assert.deepEqual(fs.readdirSync(folder), ['keep.txt']);
      assert.deepEqual(fs.readdirSync(tmp).filter((name) => name.startsWith('.')), [], 'nothing staged');
    });

    it('removes, at the next export beside it, an export a killed process put in place but never recorded, and only that', async () => {
      current = T;
      const parent = path.join(tmp, 'after-a-kill');
      const recorded = await exportPublishedRound(database.db, TEST_COMMITTEE, input(roundId, path.join(parent, 'recorded')));
      // What a process killed between moving its export into place and committing its audit event leaves: a whole
      // export whose marker names its folder, with no publish.export event; and a folder a --force export set aside.
      const unrecorded = path.join(parent, 'unrecorded');
      fs.cpSync(recorded.folder, unrecorded, { recursive: true });
      fs.writeFileSync(path.join(unrecorded, EXPORT_MARKER), JSON.stringify({ folder: unrecorded, digest: recorded.digest }));
      const setAside = path.join(parent, '.gone.replaced-0123456789ab');
      fs.mkdirSync(setAside);
      fs.writeFileSync(path.join(setAside, 'index.html'), 'the export a replacement set aside');
      // Left alone: a recorded export someone moved here (its marker names another folder), and a folder of someone else's.
      const moved = path.join(parent, 'moved');
      fs.cpSync(recorded.folder, moved, { recursive: true });
      const theirs = path.join(parent, 'theirs');
      fs.mkdirSync(theirs);
      fs.writeFileSync(path.join(theirs, 'notes.txt'), 'mine');

      await exportPublishedRound(database.db, TEST_COMMITTEE, input(roundId, path.join(parent, 'next')));
      assert.deepEqual(fs.readdirSync(parent).toSorted(), ['gone', 'moved', 'next', 'recorded', 'theirs'], 'the unrecorded export is gone; the set-aside folder is back where it was');
      assert.equal(fs.readFileSync(path.join(parent, 'gone', 'index.html'), 'utf8'), 'the export a replacement set aside');
      assert.equal(fs.readFileSync(path.join(theirs, 'notes.txt'), 'utf8'), 'mine');
    });

    it('copies the round’s published year-end documents its pages link: the national report and each CCG’s letter and report', async () => {
      current = LATER;
      await buildRoundReports(database.db, TEST_ANALYST, { roundId, renderer: createReportRenderer(), printer: null, now: LATER });
      const outcome = await exportPublishedRound(database.db, TEST_COMMITTEE, input(roundId, path.join(tmp, 'with-documents')));
      const documents = path.join(outcome.folder, 'reports', roundId);
      assert.match(fs.readFileSync(path.join(documents, 'national-annual-report', 'england', 'index.html'), 'utf8'), /Annual assurance report/);
      for (const kind of ['ccg-assessment-letter', 'ccg-assurance-report']) {
        assert.match(fs.readFileSync(path.join(documents, kind, '02N', 'index.html'), 'utf8'), /NHS Airedale, Wharfedale and Craven CCG/);
        assert.ok(fs.statSync(path.join(documents, kind, '02N.xlsx')).size > 1000, `${kind}'s workbook is copied`);
      }
      const server = await serveStaticDirectory(outcome.folder);
      try {
        assert.deepEqual((await followEveryLink(server, '/')).broken, []);
      } finally {
        await server.close();
      }
    });
  });
}
