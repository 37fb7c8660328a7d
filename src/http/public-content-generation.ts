import type { PublicContentState } from '../db/repositories/public-content.ts';

/**
 * The generation of the public scorecard at `now`: the rounds published by then, with the run each publishes,
 * and the data mark. It changes at the instant a round's publication time passes, from the state alone.
 */
export function publicGenerationAt(state: PublicContentState, now: Date): string {
  const instant = now.getTime();
  const published = state.scheduled.filter((round) => round.publishAt <= instant).map((round) => `${round.roundId}/${round.runId}/${String(round.publishAt)}`);
  return `${published.join(',')}|${state.dataMark}`;
}
