/** Whether a higher value is better, worse, or neither (then comparisons say Higher/Lower, not Better/Worse). */
export type Polarity = 'high-is-good' | 'low-is-good' | 'no-judgement';

export const POLARITIES: readonly Polarity[] = ['high-is-good', 'low-is-good', 'no-judgement'];
