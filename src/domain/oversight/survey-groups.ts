// The six groups of stakeholders the 360° survey asks, on their own so the framework schema can name them
// without the survey's statistics.

/** In the order the survey's reports list them. */
export const STAKEHOLDER_GROUPS = ['gp-members', 'health-and-wellbeing-board', 'healthwatch', 'providers', 'local-authorities', 'other-ccgs'] as const;

export type StakeholderGroup = (typeof STAKEHOLDER_GROUPS)[number];

/** As headings name them. */
export const STAKEHOLDER_GROUP_LABELS: Readonly<Record<StakeholderGroup, string>> = {
  'gp-members': 'GP member practices',
  'health-and-wellbeing-board': 'Health and wellbeing board',
  healthwatch: 'Healthwatch',
  providers: 'Providers',
  'local-authorities': 'Local authorities',
  'other-ccgs': 'Other CCGs',
};

/** As a sentence names them ("from GP member practices and providers"). */
export const STAKEHOLDER_GROUP_PHRASES: Readonly<Record<StakeholderGroup, string>> = {
  'gp-members': 'GP member practices',
  'health-and-wellbeing-board': 'the health and wellbeing board',
  healthwatch: 'Healthwatch',
  providers: 'providers',
  'local-authorities': 'local authorities',
  'other-ccgs': 'other CCGs',
};

/** A question's code as stored: 1 to 20 letters, digits, dots, hyphens or underscores. */
export const SURVEY_QUESTION_CODE = /^[A-Za-z0-9_.-]{1,20}$/;
