/** European Standard Population 2013 in 19 five-year bands, 0–4 … 85–89 and 90+ (Eurostat 2013). */
export const ESP2013: readonly number[] = [
  5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000, 7000, 6500, 6000, 5500, 5000, 4000, 2500, 1500, 1000,
];

export const ESP2013_BAND_LABELS: readonly string[] = ESP2013.map((_, band) => (band === 18 ? '90+' : `${band * 5}-${band * 5 + 4}`));

/**
 * The ESP2013 band an age-band label belongs to, read from its first number ("0-4", "00_04", "90+",
 * "90 and over", "Age 45 to 49"); null when the label does not start one of the 19 bands.
 */
export function esp2013BandOf(label: string): number | null {
  const match = /\d+/.exec(label);
  if (match === null) return null;
  const start = Number(match[0]);
  if (start % 5 !== 0 || start > 90) return null;
  return start / 5;
}
