// The demo's early-warning story: three CCGs of the demo regional lead's region (Y54) whose evidence worsens through
// the demo year (weaker 360° survey, finance drifting from plan, indicators with special cause) until the triggers
// propose special measures. Every demo installer that tells part of the story reads this one list.

/** The CCGs whose risk rises during the demo year. */
export const RISING_DEMO_CCGS: readonly string[] = ['00C', '00D', '00J'];
