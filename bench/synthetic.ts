/**
 * A small linear congruential generator (glibc's constants) for reproducible synthetic benchmark data:
 * each call returns the next whole number in [0, 2^31).
 */
export function linearCongruential(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state;
  };
}
