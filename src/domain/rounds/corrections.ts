// A published round is never edited: a correction is a new round that names the round it corrects, with a
// public note. Both link to each other, but only among published rounds, so a correction under embargo
// tells nobody that a correction is coming.

export interface CorrectableRound {
  readonly id: string;
  readonly correctsRoundId: string | null;
}

export interface PublishedCorrections<R> {
  /** The latest published round that corrects this one. */
  readonly correctedBy: R | undefined;
  /** The published round this one corrects. */
  readonly corrects: R | undefined;
}

/** The corrections linking `round` to others, among `published` (the rounds published now, newest first). */
export function publishedCorrections<R extends CorrectableRound>(round: CorrectableRound, published: readonly R[]): PublishedCorrections<R> {
  return {
    correctedBy: published.find((other) => other.correctsRoundId === round.id),
    corrects: round.correctsRoundId === null ? undefined : published.find((other) => other.id === round.correctsRoundId),
  };
}
