// The words of continuous assurance shared by the risk score, the cadence of checkpoints and the pages.

/** Risk levels, least first; a CCG with no evidence at all is "not assessed", never low. */
export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
export type RiskStatus = RiskLevel | 'not-assessed';

export const RISK_LABELS: Readonly<Record<RiskStatus, string>> = {
  low: 'Low risk',
  medium: 'Medium risk',
  high: 'High risk',
  'not-assessed': 'Not assessed',
};

/**
 * How intensively NHS England assures a CCG, least first: a light touch for those performing well, more frequent
 * assessment and face-to-face visits for challenged CCGs and those in distressed health economies.
 */
export const INTENSITIES = ['light-touch', 'standard', 'enhanced'] as const;
export type Intensity = (typeof INTENSITIES)[number];

export const INTENSITY_LABELS: Readonly<Record<Intensity, string>> = {
  'light-touch': 'Light touch',
  standard: 'Standard',
  enhanced: 'Enhanced',
};

export const MEETING_KINDS = ['checkpoint', 'visit'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];
export const MEETING_KIND_LABELS: Readonly<Record<MeetingKind, string>> = { checkpoint: 'Checkpoint meeting', visit: 'Assurance visit' };

export const MEETING_FORMATS = ['face-to-face', 'video', 'teleconference'] as const;
export type MeetingFormat = (typeof MEETING_FORMATS)[number];
export const MEETING_FORMAT_LABELS: Readonly<Record<MeetingFormat, string>> = { 'face-to-face': 'Face to face', video: 'Video call', teleconference: 'Teleconference' };

/** The longest free text a person may write in one field (a narrative, minutes, a reason), in characters. */
export const LONG_TEXT_LIMIT = 200_000;
