// The commissioning functions the responsibility registry tracks, as a fixed list rather than configuration:
// a transfer names functions, the registry answers per function, and a merger carries every function, so
// "every function" has to be a closed set and each spelt one way. These are the kinds of service CCGs
// commissioned that directions and transfers have moved (Southwark took acute commissioning from Greenwich
// and Lewisham; primary care commissioning was delegated to CCGs from April 2015). A new one is a code
// change with a test, which is rare enough to be worth it.

export const COMMISSIONING_FUNCTIONS = [
  'acute-commissioning',
  'community-services-commissioning',
  'mental-health-commissioning',
  'primary-care-commissioning',
  'continuing-healthcare',
  'urgent-and-emergency-care-commissioning',
] as const;
export type CommissioningFunction = (typeof COMMISSIONING_FUNCTIONS)[number];

export const COMMISSIONING_FUNCTION_LABELS: Readonly<Record<CommissioningFunction, string>> = {
  'acute-commissioning': 'Acute hospital services commissioning',
  'community-services-commissioning': 'Community services commissioning',
  'mental-health-commissioning': 'Mental health services commissioning',
  'primary-care-commissioning': 'Primary care commissioning (delegated)',
  'continuing-healthcare': 'NHS continuing healthcare',
  'urgent-and-emergency-care-commissioning': 'Urgent and emergency care commissioning (including NHS 111)',
};

export function isCommissioningFunction(text: string): text is CommissioningFunction {
  return (COMMISSIONING_FUNCTIONS as readonly string[]).includes(text);
}
