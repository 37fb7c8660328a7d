import { longDate } from './calendar-months.ts';

// Buddy CCGs for an improvement plan: among the organisation's most similar CCGs, those rated outstanding or
// good, outstanding first, then the most similar. Peers that cannot buddy now (in special measures themselves,
// under directions, merged away) are left out with the reason, so the person choosing sees why.

export interface PeerRating {
  readonly level: string;
  readonly label: string;
  readonly publishedOn: string;
}

export interface BuddySuggestion {
  readonly organisationCode: string;
  readonly level: string;
  /** 1 for the most similar peer. */
  readonly similarityRank: number;
  readonly why: string;
}

export interface BuddyQuery {
  readonly organisationCode: string;
  /** The organisation's similar CCGs, most similar first. */
  readonly peerCodes: readonly string[];
  /** Each peer's latest published rating. */
  readonly ratings: ReadonlyMap<string, PeerRating>;
  /** Peers that cannot act as buddy now, with the reason. */
  readonly unavailable?: ReadonlyMap<string, string>;
  /** Levels that qualify, best first (the headline scale's codes). */
  readonly levels?: readonly string[];
}

export interface BuddyAnswer {
  readonly suggestions: readonly BuddySuggestion[];
  /** Peers rated well enough but left out, with why. */
  readonly passedOver: readonly { readonly organisationCode: string; readonly reason: string }[];
}

export const BUDDY_LEVELS: readonly string[] = ['outstanding', 'good'];

function ordinal(rank: number): string {
  if (rank === 1) return 'most similar';
  const suffix = rank % 100 >= 11 && rank % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][rank % 10] ?? 'th');
  return `${String(rank)}${suffix} most similar`;
}

export function suggestBuddies(query: BuddyQuery): BuddyAnswer {
  const levels = query.levels ?? BUDDY_LEVELS;
  const suggestions: BuddySuggestion[] = [];
  const passedOver: { organisationCode: string; reason: string }[] = [];
  const seen = new Set<string>();
  query.peerCodes.forEach((code, index) => {
    if (code === query.organisationCode || seen.has(code)) return;
    seen.add(code);
    const rating = query.ratings.get(code);
    if (rating === undefined || !levels.includes(rating.level)) return;
    const unavailable = query.unavailable?.get(code);
    if (unavailable !== undefined) {
      passedOver.push({ organisationCode: code, reason: unavailable });
      return;
    }
    const rank = index + 1;
    suggestions.push({
      organisationCode: code,
      level: rating.level,
      similarityRank: rank,
      why: `Rated ${rating.label} (published ${longDate(rating.publishedOn)}) and the ${ordinal(rank)} of ${String(query.peerCodes.length)} similar CCGs to ${query.organisationCode}.`,
    });
  });
  suggestions.sort((a, b) => levels.indexOf(a.level) - levels.indexOf(b.level) || a.similarityRank - b.similarityRank);
  return { suggestions, passedOver };
}
