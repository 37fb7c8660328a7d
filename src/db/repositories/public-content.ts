import { type Kysely, sql } from 'kysely';
import type { DB } from '../schema.ts';

/** What decides the public scorecard's content: every round with a publication time, when the registry and the indicator data last changed, and the final year-end documents built. */
export interface PublicContentState {
  readonly scheduled: readonly { readonly roundId: string; readonly runId: string; readonly publishAt: number }[];
  /** Changes whenever the organisation registry, the imported data or the final year-end documents change. */
  readonly dataMark: string;
}

export async function readPublicContentState(db: Kysely<DB>): Promise<PublicContentState> {
  const [rounds, marks] = await Promise.all([
    db.selectFrom('rating_round').select(['id', 'current_run_id', 'publish_at']).where('publish_at', 'is not', null).orderBy('id').execute(),
    sql<{ mark: string }>`
      SELECT concat_ws('|',
        (SELECT extract(epoch FROM max(updated_at)) FROM organisation),
        (SELECT count(*) FROM organisation),
        (SELECT extract(epoch FROM max(imported_at)) FROM import_batch),
        (SELECT extract(epoch FROM max(built_at)) FROM report_document WHERE status = 'final')) AS mark
    `.execute(db),
  ]);
  return {
    scheduled: rounds.flatMap((round) => (round.publish_at === null ? [] : [{ roundId: round.id, runId: round.current_run_id, publishAt: round.publish_at.getTime() }])),
    dataMark: marks.rows[0]?.mark ?? '',
  };
}
