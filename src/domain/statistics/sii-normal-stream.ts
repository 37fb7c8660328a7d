// Standard normal deviates in blocks for the SII simulation's hot loop. It is the xoshiro128** generator of
// src/domain/rating/random.ts, seeded from that module's seededRandom, but with the state held in locals for
// the length of a block: the closure-based generator stores its state in captured variables on every call,
// which made it about ten times slower than this and the bulk of the simulation's run time.
import type { Random } from '../rating/random.ts';

export interface NormalStream {
  /** Fills `out` with independent standard normal deviates (polar method, both values of each pair used). */
  fill(out: Float64Array): void;
}

const TWO_TO_32 = 4294967296;

export function normalStream(random: Random): NormalStream {
  const state = new Uint32Array(4);
  // uniform() is an integer over 2³², so this recovers four full 32-bit words of the seeded stream.
  for (let index = 0; index < 4; index++) state[index] = Math.floor(random.uniform() * TWO_TO_32);
  if (state.every((word) => word === 0)) state[0] = 1;
  return {
    fill(out: Float64Array): void {
      let s0 = state[0] ?? 0;
      let s1 = state[1] ?? 0;
      let s2 = state[2] ?? 0;
      let s3 = state[3] ?? 0;
      // Marsaglia's polar method: a point uniform in the unit disc gives two deviates for one logarithm and
      // one square root (Box–Muller needs a cosine and a sine as well); an odd-length block drops the last one.
      for (let index = 0; index < out.length; index += 2) {
        let x = 0;
        let y = 0;
        let radiusSquared: number;
        do {
          for (let step = 0; step < 2; step++) {
            const scrambled = Math.imul(((Math.imul(s1, 5) << 7) | (Math.imul(s1, 5) >>> 25)) >>> 0, 9) >>> 0;
            const shifted = (s1 << 9) >>> 0;
            s2 = (s2 ^ s0) >>> 0;
            s3 = (s3 ^ s1) >>> 0;
            s1 = (s1 ^ s2) >>> 0;
            s0 = (s0 ^ s3) >>> 0;
            s2 = (s2 ^ shifted) >>> 0;
            s3 = ((s3 << 11) | (s3 >>> 21)) >>> 0;
            if (step === 0) x = (2 * scrambled) / TWO_TO_32 - 1;
            else y = (2 * scrambled) / TWO_TO_32 - 1;
          }
          radiusSquared = x * x + y * y;
        } while (radiusSquared >= 1 || radiusSquared === 0);
        const factor = Math.sqrt((-2 * Math.log(radiusSquared)) / radiusSquared);
        out[index] = x * factor;
        if (index + 1 < out.length) out[index + 1] = y * factor;
      }
      state[0] = s0;
      state[1] = s1;
      state[2] = s2;
      state[3] = s3;
    },
  };
}
