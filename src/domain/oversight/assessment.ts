import type { InputProblem } from '../csv/decode.ts';
import type { Framework } from '../frameworks/schema.ts';
import type { AssuranceYearDates } from './assurance-year.ts';
import { LONG_TEXT_LIMIT } from './levels.ts';

// The regional team's quarterly assessment of each component of a CCG's assurance year. The components are the
// domains of the framework version the year uses (for 2015/16: well-led, performance, finance, planning,
// delegated functions), each assessed on its domain's scale. Pure: the checks a submission must pass.

export interface ComponentLevel {
  readonly code: string;
  readonly label: string;
}

/** One component the regional team assesses, with its scale's levels, best first. */
export interface AssuranceComponent {
  readonly id: string;
  readonly name: string;
  readonly description: string | undefined;
  readonly scaleName: string;
  readonly levels: readonly ComponentLevel[];
}

/** The framework's domains as components, in the framework's order; a domain whose scale is missing is left out. */
export function assuranceComponents(framework: Framework): AssuranceComponent[] {
  return framework.domains.flatMap((domain) => {
    const scale = framework.scales.find((candidate) => candidate.id === domain.scale);
    if (scale === undefined) return [];
    return [{ id: domain.id, name: domain.name, description: domain.description, scaleName: scale.name, levels: scale.levels }];
  });
}

/** An assessment as someone submits it, before it is checked. */
export interface AssessmentSubmission {
  readonly quarter: number;
  readonly component: string;
  readonly level: string;
  readonly narrative: string;
  readonly reason: string;
}

export interface CheckedAssessment {
  readonly quarter: 1 | 2 | 3 | 4;
  readonly component: AssuranceComponent;
  readonly level: ComponentLevel;
  readonly narrative: string;
  /** Why it was recorded or changed; for a first assessment, said for the person when they give none. */
  readonly reason: string;
}

/** What a first assessment's history says when its author gives no reason: the narrative is the why. */
export const FIRST_ASSESSMENT_REASON = 'First assessment of this component for the quarter.';

function checkText(field: string, what: string, text: string, problems: InputProblem[]): string {
  const trimmed = text.trim();
  if (trimmed.length > LONG_TEXT_LIMIT) problems.push({ field, message: `The ${what} is ${trimmed.length.toLocaleString('en-GB')} characters long; it can be at most ${LONG_TEXT_LIMIT.toLocaleString('en-GB')}` });
  return trimmed;
}

/**
 * Checks an assessment for a quarter of the year: the quarter (begun by `today`), the component (one of the year's),
 * the level (on the component's scale), the narrative, and a reason when it changes an earlier assessment. Every
 * problem is named by field (quarter, component, level, narrative, reason).
 */
export function checkAssessment(
  submission: AssessmentSubmission,
  year: AssuranceYearDates,
  components: readonly AssuranceComponent[],
  context: { readonly today: string; readonly changing: boolean },
): { ok: true; value: CheckedAssessment } | { ok: false; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  const quarter = year.quarters.find((candidate) => candidate.quarter === submission.quarter);
  if (quarter === undefined) problems.push({ field: 'quarter', message: `Choose a quarter of ${year.label} (1 to 4)` });
  else if (quarter.startsOn > context.today) problems.push({ field: 'quarter', message: `${quarter.label} has not begun (today is ${context.today}); a quarter is assessed once it has begun` });
  const component = components.find((candidate) => candidate.id === submission.component);
  if (component === undefined) {
    problems.push({ field: 'component', message: `${submission.component === '' ? 'Nothing' : submission.component} is not a component of ${year.label}: choose ${components.map((candidate) => candidate.id).join(', ')}` });
  }
  const level = component?.levels.find((candidate) => candidate.code === submission.level);
  if (component !== undefined && level === undefined) {
    problems.push({ field: 'level', message: submission.level === '' ? `Choose a level for ${component.name}` : `${submission.level} is not on the ${component.scaleName} scale: choose ${component.levels.map((candidate) => candidate.code).join(', ')}` });
  }
  const narrative = checkText('narrative', 'narrative', submission.narrative, problems);
  if (narrative === '') problems.push({ field: 'narrative', message: 'Write the narrative: what the assessment rests on' });
  const reason = checkText('reason', 'reason', submission.reason, problems);
  if (context.changing && reason === '') problems.push({ field: 'reason', message: 'Say why the assessment is changed: the history keeps every version with its reason' });
  if (problems.length > 0 || quarter === undefined || component === undefined || level === undefined) return { ok: false, problems };
  return { ok: true, value: { quarter: quarter.quarter, component, level, narrative, reason: reason === '' ? FIRST_ASSESSMENT_REASON : reason } };
}
