import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Actor } from '../../domain/identity/actor.ts';
import { exportDigest } from '../../domain/static-export/export-digest.ts';
import { exportFiles } from '../../domain/static-export/export-files.ts';
import { publishedRoundScope } from '../../domain/static-export/scope.ts';
import { isExportRecorded, lockExportPlacement } from '../../db/repositories/exports.ts';
import type { DB } from '../../db/schema.ts';
import { recordAuditEvent } from '../audit.ts';
import { getPublishedRound } from '../scorecard.ts';
import { crawlSite, type SiteFetcher } from './crawl-site.ts';
import { checkTarget, discardStaging, moveIntoPlace, type Placement, removeUnrecordedExports, writeStaging } from './output-folder.ts';

// A published round's public site as static files. The pages are the live site's own, fetched as an anonymous
// visitor, so the export shows exactly what the scorecard shows and needs no second renderer.

const FORM_NOTE =
  'This static copy of the round cannot search, filter or compare: the live Assure service can. The round’s page lists every organisation, and its column headings sort the table.';

export type ExportProgress =
  | { readonly stage: 'fetching'; readonly done: number; readonly known: number }
  | { readonly stage: 'writing'; readonly done: number; readonly total: number };

export interface ExportRoundInput {
  readonly roundId: string;
  readonly folder: string;
  /** Replace a folder that already has contents (otherwise refused). */
  readonly replace: boolean;
  /** The instant the embargo is judged at; the fetcher's site must run on the same clock. */
  readonly now: Date;
  /** GET on the live site as an anonymous visitor (see src/http/site-fetcher.ts). */
  readonly fetchResource: SiteFetcher;
  readonly onProgress?: (progress: ExportProgress) => void;
}

export interface ExportOutcome {
  readonly roundId: string;
  readonly title: string;
  readonly folder: string;
  readonly files: number;
  readonly bytes: number;
  readonly digest: string;
}

/**
 * Writes the public site of a published round to `folder`, whole or not at all, and records `publish.export`.
 * A round under embargo is refused exactly as an unknown one (NotFoundError) before anything is fetched or
 * written; a folder with contents is refused (ConflictError) unless `replace`.
 */
export async function exportPublishedRound(db: Kysely<DB>, actor: Actor, input: ExportRoundInput): Promise<ExportOutcome> {
  const published = await getPublishedRound(db, actor, input.roundId, input.now);
  const folder = path.resolve(input.folder);
  await checkTarget(folder, input.replace);
  const report = input.onProgress ?? (() => undefined);
  const scope = publishedRoundScope(published.round.id, published.round.frameworkVersionId);
  const resources = await crawlSite(scope, input.fetchResource, (done, known) => {
    report({ stage: 'fetching', done, known });
  });
  const files = exportFiles(resources, scope, { title: published.round.title, formNote: FORM_NOTE });
  const digest = exportDigest(files);
  const staging = await writeStaging(folder, files, { folder, digest }, (done) => {
    report({ stage: 'writing', done, total: files.length });
  });
  const outcome: ExportOutcome = {
    roundId: published.round.id,
    title: published.round.title,
    folder,
    files: files.length,
    bytes: files.reduce((sum, file) => sum + file.body.byteLength, 0),
    digest,
  };
  // The export is moved into place and recorded in one transaction under a lock that every instance takes, so
  // one tidying up after a killed export (below) never sees another's export placed but not yet recorded.
  let placement: Placement | undefined;
  try {
    await db.transaction().execute(async (trx) => {
      await lockExportPlacement(trx);
      await removeUnrecordedExports(folder, (marker) => isExportRecorded(trx, marker.folder, marker.digest));
      // Checked again: the folder may have gained contents while the site was fetched.
      await checkTarget(folder, input.replace);
      placement = await moveIntoPlace(staging, folder);
      await recordAuditEvent(trx, {
        actor,
        action: 'publish.export',
        object: { type: 'round', id: outcome.roundId },
        after: { title: outcome.title, folder, files: outcome.files, bytes: outcome.bytes, digest: outcome.digest },
      });
    });
  } catch (error) {
    // An export the trail does not record is not left behind (nor, if the process dies here, after the next export).
    if (placement === undefined) await discardStaging(staging);
    else await placement.undo();
    throw error;
  }
  await placement?.finish();
  return outcome;
}
