// Quantile functions come from @stdlib (Apache-2.0), a maintained port of the Cephes/Boost algorithms,
// so that exact Poisson limits and t multipliers agree with R's qchisq/qt/qnorm to ~1e-14 relative.
import chiSquareQuantileImpl from '@stdlib/stats-base-dists-chisquare-quantile';
import gammaQuantileImpl from '@stdlib/stats-base-dists-gamma-quantile';
import normalQuantileImpl from '@stdlib/stats-base-dists-normal-quantile';
import tQuantileImpl from '@stdlib/stats-base-dists-t-quantile';

/** Lower-tail quantile of the standard normal distribution (R's qnorm). */
export function normalQuantile(p: number): number {
  return normalQuantileImpl(p, 0, 1);
}

/** Lower-tail quantile of the chi-square distribution with `degrees` degrees of freedom (R's qchisq). */
export function chiSquareQuantile(p: number, degrees: number): number {
  return chiSquareQuantileImpl(p, degrees);
}

/** Lower-tail quantile of the gamma distribution with the given shape and rate (R's qgamma with rate). */
export function gammaQuantile(p: number, shape: number, rate: number): number {
  return gammaQuantileImpl(p, shape, rate);
}

/** Lower-tail quantile of Student's t distribution (R's qt). */
export function tQuantile(p: number, degrees: number): number {
  return tQuantileImpl(p, degrees);
}
