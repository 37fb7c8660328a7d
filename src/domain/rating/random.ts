// A small seeded pseudo-random generator (xoshiro128**, Blackman & Vigna 2018, seeded through splitmix32) and
// the samplers the demo generator and the resampler need. Same seed, same sequence, on every platform: all
// arithmetic is 32-bit integer (Math.imul, >>> 0) until the final division.

export interface Random {
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Standard normal (Box–Muller; the second value of each pair is kept for the next call). */
  normal(): number;
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export function seededRandom(seed: number): Random {
  const init = splitmix32(seed);
  let s0 = init();
  let s1 = init();
  let s2 = init();
  let s3 = init();
  const next = (): number => {
    const result = Math.imul(((Math.imul(s1, 5) << 7) | (Math.imul(s1, 5) >>> 25)) >>> 0, 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    s2 = (s2 ^ s0) >>> 0;
    s3 = (s3 ^ s1) >>> 0;
    s1 = (s1 ^ s2) >>> 0;
    s0 = (s0 ^ s3) >>> 0;
    s2 = (s2 ^ t) >>> 0;
    s3 = ((s3 << 11) | (s3 >>> 21)) >>> 0;
    return result;
  };
  let spare = Number.NaN;
  const uniform = (): number => next() / 4294967296;
  return {
    uniform,
    normal(): number {
      if (!Number.isNaN(spare)) {
        const value = spare;
        spare = Number.NaN;
        return value;
      }
      // 1 − u keeps the logarithm finite.
      const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
      const angle = 2 * Math.PI * uniform();
      spare = radius * Math.sin(angle);
      return radius * Math.cos(angle);
    },
  };
}

/** Poisson count: exact (Knuth) below a mean of 30, a rounded normal approximation above. */
export function samplePoisson(random: Random, mean: number): number {
  if (!(mean > 0)) return 0;
  if (mean >= 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * random.normal()));
  const limit = Math.exp(-mean);
  let count = 0;
  let product = random.uniform();
  while (product > limit) {
    count += 1;
    product *= random.uniform();
  }
  return count;
}

/**
 * Binomial count: a sum of Bernoulli trials for small n, the normal approximation (clamped to 0…n) where the
 * variance is at least 10, and the Poisson approximation on the rarer side otherwise.
 */
export function sampleBinomial(random: Random, trials: number, probability: number): number {
  const n = Math.round(trials);
  if (n <= 0 || probability <= 0) return 0;
  if (probability >= 1) return n;
  if (n < 40) {
    let count = 0;
    for (let trial = 0; trial < n; trial++) if (random.uniform() < probability) count += 1;
    return count;
  }
  const variance = n * probability * (1 - probability);
  if (variance >= 10) return Math.min(n, Math.max(0, Math.round(n * probability + Math.sqrt(variance) * random.normal())));
  if (probability <= 0.5) return Math.min(n, samplePoisson(random, n * probability));
  return n - Math.min(n, samplePoisson(random, n * (1 - probability)));
}
