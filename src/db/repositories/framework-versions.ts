import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../schema.ts';
import type { FrameworkVersionTable } from '../tables/ratings.ts';

export interface StoredFrameworkVersion {
  readonly id: string;
  readonly frameworkId: string;
  readonly version: number;
  readonly title: string;
  readonly fileName: string;
  readonly sourceText: string;
  /** The parsed definition as stored; the service re-validates it before use. */
  readonly definition: unknown;
  readonly contentHash: string;
  readonly loadedAt: Date;
}

export type NewFrameworkVersion = Omit<StoredFrameworkVersion, 'definition' | 'loadedAt'> & {
  /** The parsed definition, as JSON text. */
  readonly definitionJson: string;
};

const COLUMNS = ['id', 'framework_id', 'version', 'title', 'file_name', 'source_text', 'definition', 'content_hash', 'loaded_at'] as const;

function toStored(row: Selectable<FrameworkVersionTable>): StoredFrameworkVersion {
  return {
    id: row.id,
    frameworkId: row.framework_id,
    version: row.version,
    title: row.title,
    fileName: row.file_name,
    sourceText: row.source_text,
    definition: row.definition,
    contentHash: row.content_hash,
    loadedAt: row.loaded_at,
  };
}

export async function findFrameworkVersion(db: Kysely<DB>, id: string): Promise<StoredFrameworkVersion | undefined> {
  const row = await db.selectFrom('framework_version').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toStored(row);
}

/** Every loaded version, newest version of each framework first. */
export async function listFrameworkVersions(db: Kysely<DB>): Promise<StoredFrameworkVersion[]> {
  const rows = await db.selectFrom('framework_version').select(COLUMNS).orderBy('framework_id').orderBy('version', 'desc').execute();
  return rows.map(toStored);
}

export async function insertFrameworkVersion(db: Kysely<DB>, version: NewFrameworkVersion): Promise<void> {
  await db
    .insertInto('framework_version')
    .values({
      id: version.id,
      framework_id: version.frameworkId,
      version: version.version,
      title: version.title,
      file_name: version.fileName,
      source_text: version.sourceText,
      definition: version.definitionJson,
      content_hash: version.contentHash,
    })
    .execute();
}

export async function replaceFrameworkVersion(db: Kysely<DB>, version: NewFrameworkVersion): Promise<void> {
  await db
    .updateTable('framework_version')
    .set({
      title: version.title,
      file_name: version.fileName,
      source_text: version.sourceText,
      definition: version.definitionJson,
      content_hash: version.contentHash,
      loaded_at: new Date(),
    })
    .where('id', '=', version.id)
    .execute();
}

/** Has a published rating used this version? Then it may never change. */
export async function isFrameworkVersionPublished(db: Kysely<DB>, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('rating_run')
    .select('id')
    .where('framework_version_id', '=', id)
    .where('published_at', 'is not', null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
