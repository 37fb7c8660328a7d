// Wilson score interval for a proportion x/n (Wilson 1927; Newcombe & Altman 2000), as PHEindicatormethods
// computes it: (2x + z² ∓ z√(z² + 4x(1 − x/n))) / (2(n + z²)). Written out per bound so the batch loops can
// share one square root between the lower and upper limit.

/** Lower Wilson limit on the 0–1 scale; z = Infinity (100% confidence) gives 0. */
export function wilsonLower(x: number, n: number, z: number): number {
  if (z === Infinity) return 0;
  const z2 = z * z;
  return (2 * x + z2 - z * Math.sqrt(z2 + 4 * x * (1 - x / n))) / 2 / (n + z2);
}

/** Upper Wilson limit on the 0–1 scale; z = Infinity (100% confidence) gives 1. */
export function wilsonUpper(x: number, n: number, z: number): number {
  if (z === Infinity) return 1;
  const z2 = z * z;
  return (2 * x + z2 + z * Math.sqrt(z2 + 4 * x * (1 - x / n))) / 2 / (n + z2);
}
