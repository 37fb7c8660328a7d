// The scale phe_sii works on: log for rates and logit for proportions, whether or not `transform` is set.
// Without `transform` the simulated draws are taken back to the natural scale before the line is fitted;
// with it the line is fitted on the log/logit scale and only the results are taken back.

export type SiiValueType = 'other' | 'rate' | 'proportion';

export function toModelScale(valueType: SiiValueType, value: number): number {
  if (valueType === 'rate') return Math.log(value);
  if (valueType === 'proportion') return Math.log(value / (1 - value));
  return value;
}

export function fromModelScale(valueType: SiiValueType, value: number): number {
  if (valueType === 'rate') return Math.exp(value);
  if (valueType === 'proportion') return Math.exp(value) / (1 + Math.exp(value));
  return value;
}

/** Why a value (or a confidence limit) cannot be put on the model scale, or null when it can. */
export function outOfDomain(valueType: SiiValueType, value: number): string | null {
  if (!Number.isFinite(value)) return 'is missing';
  if (valueType === 'rate' && !(value > 0)) return 'must be above 0 for a rate (it is logged)';
  if (valueType === 'proportion' && !(value > 0 && value < 1)) return 'must be strictly between 0 and 1 for a proportion (it is logit-transformed)';
  return null;
}

