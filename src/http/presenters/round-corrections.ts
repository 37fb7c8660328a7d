import { publishedCorrections } from '../../domain/rounds/corrections.ts';
import type { RoundRecord } from '../../db/repositories/rounds.ts';
import { formatDateTime } from './date-time.ts';

function publicRoundPath(roundId: string): string {
  return `/scorecard/rounds/${encodeURIComponent(roundId)}`;
}

/**
 * The correction notices of a published round's pages: the round that corrected it (with the date the
 * correction was published and its note), and the round it corrects (with its own note).
 */
export function correctionNotices(round: RoundRecord, published: readonly RoundRecord[]) {
  const { correctedBy, corrects } = publishedCorrections(round, published);
  return {
    correctedBy:
      correctedBy === undefined
        ? null
        : {
            href: publicRoundPath(correctedBy.id),
            title: correctedBy.title,
            on: correctedBy.publishAt === null ? '' : formatDateTime(correctedBy.publishAt),
            onIso: correctedBy.publishAt?.toISOString() ?? '',
            note: correctedBy.correctionNote ?? '',
          },
    corrects: corrects === undefined ? null : { href: publicRoundPath(corrects.id), title: corrects.title, note: round.correctionNote ?? '' },
  };
}
