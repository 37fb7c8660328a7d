import type { InputProblem } from '../../domain/csv/decode.ts';
import { INTENSITIES, INTENSITY_LABELS, type Intensity, RISK_LABELS, type RiskStatus } from '../../domain/oversight/levels.ts';
import { DEFAULT_RISK_MODEL, type RiskModel } from '../../domain/oversight/risk-model.ts';
import { RISK_STATUSES } from '../../domain/oversight/risk-what-if.ts';
import { longDate } from '../../domain/special-measures/calendar-months.ts';
import type { CcgRisk, OrganisationRisk, RankedRisk, RiskModelVersion, RiskSimulation } from '../../services/oversight/risk.ts';
import { formatDateTime } from './date-time.ts';

// The risk view's pages: levels as NHS.UK tags (the words carry the meaning, the colour repeats it), every
// factor with its points, source and date, what moved since last month, and the risk model as a form of
// numbers for the what-if, read back into a model with every problem named by its field.

const LEVEL_TAGS: Readonly<Record<RiskStatus, string>> = {
  high: 'nhsuk-tag--red',
  medium: 'nhsuk-tag--orange',
  low: 'nhsuk-tag--green',
  'not-assessed': 'nhsuk-tag--grey',
};

const INTENSITY_TAGS: Readonly<Record<Intensity, string>> = { enhanced: 'nhsuk-tag--purple', standard: 'nhsuk-tag--blue', 'light-touch': 'nhsuk-tag--white' };

const COUNT = new Intl.NumberFormat('en-GB');

export function levelTag(level: RiskStatus) {
  return { text: RISK_LABELS[level], classes: LEVEL_TAGS[level] };
}

function intensityTag(intensity: Intensity) {
  return { text: INTENSITY_LABELS[intensity], classes: INTENSITY_TAGS[intensity] };
}

export function organisationRiskPath(code: string, asOf?: string): string {
  return `/oversight/organisations/${encodeURIComponent(code)}/risk${asOf === undefined ? '' : `?asOf=${asOf}`}`;
}

function signed(change: number): string {
  return change > 0 ? `+${String(change)}` : change < 0 ? `−${String(-change)}` : '0';
}

export function modelLine(model: RiskModelVersion): string {
  if (model.version === null || model.adoptedAt === null) return 'Scored by the default risk model: no other has been adopted.';
  return `Scored by risk model version ${String(model.version)}, adopted by ${model.adoptedBy ?? 'unknown'} on ${formatDateTime(model.adoptedAt)}: ${model.reason ?? ''}`;
}

function rankedRow(entry: CcgRisk, index: number, asOf: string) {
  return {
    rank: index + 1,
    code: entry.organisation.code,
    name: entry.organisation.name,
    href: organisationRiskPath(entry.organisation.code, asOf),
    level: levelTag(entry.risk.level),
    score: String(entry.risk.score),
    intensity: intensityTag(entry.intensity.intensity),
    raised: entry.circumstances.distressedEconomy || entry.circumstances.specialMeasures,
    checkpoint: `${entry.checkpoint.overdue ? 'Overdue since' : 'Due by'} ${longDate(entry.checkpoint.dueOn)}`,
    overdue: entry.checkpoint.overdue,
    change: signed(entry.movement.change),
    was: `${RISK_LABELS[entry.previous.level]}, ${String(entry.previous.score)}`,
    movedFactors: entry.movement.factors.map((factor) => `${factor.label} ${signed(factor.to - factor.from)}`).join('; '),
  };
}

/** The ranked page: counts by level, what moved since last month, and every CCG worst first. */
export function presentRankedRisk(ranked: RankedRisk) {
  const counts = RISK_STATUSES.toReversed().map((level) => ({ level: levelTag(level), count: COUNT.format(ranked.organisations.filter((entry) => entry.risk.level === level).length) }));
  return {
    asOf: ranked.asOf,
    asOfLong: longDate(ranked.asOf),
    previousLong: longDate(ranked.previousAsOf),
    model: modelLine(ranked.model),
    counts,
    total: COUNT.format(ranked.organisations.length),
    rows: ranked.organisations.map((entry, index) => rankedRow(entry, index, ranked.asOf)),
    moved: ranked.moved.map((entry, index) => rankedRow(entry, index, ranked.asOf)),
    regionItems:
      ranked.regions.length === 0
        ? []
        : [{ value: '', text: 'England', selected: ranked.regionCode === null }, ...ranked.regions.map((region) => ({ value: region.code, text: region.name, selected: region.code === ranked.regionCode }))],
  };
}

/** One CCG's page: the level, intensity and next checkpoint, and every factor with its source and date. */
export function presentOrganisationRisk(risk: OrganisationRisk) {
  return {
    organisation: risk.organisation,
    asOf: risk.asOf,
    asOfLong: longDate(risk.asOf),
    level: levelTag(risk.risk.level),
    score: String(risk.risk.score),
    summary: risk.risk.summary,
    intensity: intensityTag(risk.intensity.intensity),
    intensityReasons: risk.intensity.reasons,
    checkpoint: risk.checkpoint.text,
    overdue: risk.checkpoint.overdue,
    movement: risk.movement.text,
    previous: `${RISK_LABELS[risk.previous.level]}, a score of ${String(risk.previous.score)}, on ${longDate(risk.previous.asOf)}`,
    model: modelLine(risk.model),
    factors: risk.risk.factors.map((factor) => ({
      label: factor.label,
      points: String(factor.points),
      source: factor.source ?? 'No data',
      date: factor.date === null ? '' : longDate(factor.date),
      text: factor.text,
    })),
  };
}

/** One number of the model in the form. */
interface ModelField {
  readonly path: readonly string[];
  readonly label: string;
}

interface ModelFieldset {
  readonly legend: string;
  readonly hint: string;
  readonly fields: readonly ModelField[];
}

const AT_MOST = 'At most (points)';

/** The known rating levels shown in the form, worst first, beside any other the model names. */
const RATING_LEVEL_CODES = ['inadequate', 'requires-improvement', 'good', 'outstanding'];

function levelName(code: string): string {
  const words = code.replaceAll('-', ' ');
  return `${words.charAt(0).toUpperCase()}${words.slice(1)}`;
}

function fieldsets(model: RiskModel): ModelFieldset[] {
  const ratingCodes = [...new Set([...RATING_LEVEL_CODES, ...Object.keys(model.rating.levels)])];
  return [
    {
      legend: 'Indicators with special cause',
      hint: 'Each indicator whose latest monthly point is a special cause in the unfavourable direction (beyond a limit, a shift, two of three near a limit).',
      fields: [
        { path: ['indicatorSpecialCause', 'perIndicator'], label: 'Points for each indicator' },
        { path: ['indicatorSpecialCause', 'maximum'], label: AT_MOST },
      ],
    },
    {
      legend: 'Indicators trending the wrong way',
      hint: 'Each indicator whose series ends in a run of points trending the unfavourable way.',
      fields: [
        { path: ['indicatorTrend', 'perIndicator'], label: 'Points for each indicator' },
        { path: ['indicatorTrend', 'maximum'], label: AT_MOST },
      ],
    },
    {
      legend: 'Forecast against control total',
      hint: 'By how much the full-year forecast falls short of the control total, as a percentage of allocation.',
      fields: [
        { path: ['financeForecast', 'perPercent'], label: 'Points for each 1% of allocation' },
        { path: ['financeForecast', 'maximum'], label: AT_MOST },
      ],
    },
    {
      legend: 'Year-to-date spending against plan',
      hint: 'Spending to date over plan, as a percentage of the year-to-date plan.',
      fields: [
        { path: ['financeYearToDate', 'perPercent'], label: 'Points for each 1% of plan' },
        { path: ['financeYearToDate', 'maximum'], label: AT_MOST },
      ],
    },
    {
      legend: 'Open audit findings',
      hint: 'Each audit finding reported within the look-back and not resolved, by severity.',
      fields: [
        { path: ['auditFindings', 'low'], label: 'Points for a low finding' },
        { path: ['auditFindings', 'medium'], label: 'Points for a medium finding' },
        { path: ['auditFindings', 'high'], label: 'Points for a high finding' },
        { path: ['auditFindings', 'critical'], label: 'Points for a critical finding' },
        { path: ['auditFindings', 'financialControls'], label: 'Extra points when about financial controls' },
        { path: ['auditFindings', 'withinMonths'], label: 'Look back (months)' },
        { path: ['auditFindings', 'maximum'], label: AT_MOST },
      ],
    },
    {
      legend: 'Concerns flagged',
      hint: 'Each concern flagged by the regional team within the look-back.',
      fields: [
        { path: ['concerns', 'serious'], label: 'Points for a serious concern' },
        { path: ['concerns', 'other'], label: 'Points for another concern' },
        { path: ['concerns', 'withinMonths'], label: 'Look back (months)' },
        { path: ['concerns', 'maximum'], label: AT_MOST },
      ],
    },
    {
      legend: '360° stakeholder survey',
      hint: 'Each question of the latest survey significantly worse than England.',
      fields: [
        { path: ['survey', 'perQuestionWorse'], label: 'Points for each question' },
        { path: ['survey', 'maximum'], label: AT_MOST },
      ],
    },
    {
      legend: 'Quarterly assessment',
      hint: 'Each component of the latest quarterly assessment at its scale’s worst level; a level between scores its share.',
      fields: [
        { path: ['assessment', 'worstLevel'], label: 'Points for a component at the worst level' },
        { path: ['assessment', 'maximum'], label: AT_MOST },
      ],
    },
    {
      legend: 'Published rating',
      hint: 'Points for the rating in force, by its level.',
      fields: ratingCodes.map((code) => ({ path: ['rating', 'levels', code], label: levelName(code) })),
    },
    {
      legend: 'Risk levels',
      hint: 'Where the score becomes medium and high risk; how many of the five sources (indicator series, finance returns, the survey, the quarterly assessment, the published rating) must have data to call a CCG low risk; and how old evidence may be.',
      fields: [
        { path: ['thresholds', 'medium'], label: 'Medium risk from a score of' },
        { path: ['thresholds', 'high'], label: 'High risk from a score of' },
        { path: ['minimumSources'], label: 'Sources needed to call a CCG low risk' },
        { path: ['freshWithinMonths'], label: 'Evidence counts for (months)' },
      ],
    },
  ];
}

const fieldName = (path: readonly string[]): string => path.join('.');
const fieldId = (name: string): string => `model-${name.replaceAll('.', '-')}`;

function valueAt(model: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((value, key) => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined), model);
}

/** The form's fieldsets, each number filled from the values given (a model, or the text sent back), errors beside their fields. */
export function riskModelForm(model: RiskModel, sent: Readonly<Record<string, string>> | undefined, errors: Readonly<Record<string, string>>) {
  return fieldsets(model).map((fieldset) => ({
    legend: fieldset.legend,
    hint: fieldset.hint,
    fields: fieldset.fields.map((field) => {
      const name = fieldName(field.path);
      // A rating level the model does not name scores nothing: the form shows it as 0.
      const value = sent?.[name] ?? valueAt(model, field.path) ?? (field.path[0] === 'rating' ? 0 : undefined);
      return { id: fieldId(name), name, label: field.label, value: typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '', error: errors[name] };
    }),
  }));
}

const LABELS = new Map<string, string>();
for (const fieldset of fieldsets(DEFAULT_RISK_MODEL)) for (const field of fieldset.fields) LABELS.set(fieldName(field.path), `${fieldset.legend}, ${field.label.toLowerCase()}`);

/** Where a problem with a model field is shown: its label and the input it links to. */
export function modelProblemEntry(problem: InputProblem): { text: string; href: string; field: string } {
  const field = problem.field ?? 'reason';
  const label = LABELS.get(field) ?? (field.startsWith('rating.levels.') ? `Published rating, ${levelName(field.slice('rating.levels.'.length)).toLowerCase()}` : field === 'reason' ? 'Reason' : field);
  return { text: `${label}: ${problem.message}`, href: field === 'reason' ? '#reason' : `#${fieldId(field)}`, field };
}

const NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * The numbers sent by the form as a model to parse, and the text as sent (to show back); a field left blank
 * or not a number is a problem by field. Fields the form does not know are ignored.
 */
export function riskModelFromForm(body: unknown): { model: Record<string, unknown>; sent: Record<string, string>; problems: InputProblem[] } {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const model: Record<string, unknown> = {};
  const sent: Record<string, string> = {};
  const problems: InputProblem[] = [];
  const known = new Set(LABELS.keys());
  for (const [name, raw] of Object.entries(fields)) {
    const isRating = /^rating\.levels\.[a-z0-9][a-z0-9-]{0,49}$/.test(name);
    if (!known.has(name) && !isRating) continue;
    const text = typeof raw === 'string' ? raw.trim() : '';
    sent[name] = text;
    if (text === '') {
      problems.push({ field: name, message: 'enter a number' });
      continue;
    }
    if (!NUMBER.test(text)) {
      problems.push({ field: name, message: 'must be a number, such as 5 or 2.5' });
      continue;
    }
    const path = name.split('.');
    let target = model;
    for (const key of path.slice(0, -1)) {
      const next = target[key];
      if (typeof next === 'object' && next !== null) target = next as Record<string, unknown>;
      else {
        const created: Record<string, unknown> = {};
        target[key] = created;
        target = created;
      }
    }
    target[path.at(-1) ?? name] = Number(text);
  }
  return { model, sent, problems };
}

/** Every field of a model as hidden inputs, so the adopt form sends exactly what was simulated. */
export function hiddenModelFields(model: RiskModel) {
  return riskModelForm(model, undefined, {}).flatMap((fieldset) => fieldset.fields.map((field) => ({ name: field.name, value: field.value })));
}

function matrix<T extends string>(labels: readonly T[], names: Readonly<Record<T, string>>, transitions: readonly (readonly number[])[]) {
  return {
    columns: labels.map((label) => names[label]),
    rows: labels.map((label, row) => ({ label: names[label], cells: labels.map((_, column) => ({ count: COUNT.format(transitions[row]?.[column] ?? 0), unchanged: row === column })) })),
  };
}

/** The what-if's result: the transitions between levels and between intensities, and every CCG that moves. */
export function presentRiskSimulation(simulation: RiskSimulation) {
  const names = new Map(simulation.organisations.map((organisation) => [organisation.code, organisation.name]));
  const { result } = simulation;
  const moves = (from: string, to: string, count: number) => `${COUNT.format(count)} ${count === 1 ? 'CCG' : 'CCGs'} from ${from.toLowerCase()} to ${to.toLowerCase()}`;
  return {
    asOfLong: longDate(simulation.asOf),
    current: modelLine(simulation.current),
    organisations: COUNT.format(result.organisations),
    moving: COUNT.format(result.movers.length),
    unchanged: COUNT.format(result.unchanged),
    levelMatrix: matrix(RISK_STATUSES, RISK_LABELS, result.levelTransitions),
    intensityMatrix: matrix(INTENSITIES, INTENSITY_LABELS, result.intensityTransitions),
    levelMoves: result.levelMoves.map((move) => moves(RISK_LABELS[move.from], RISK_LABELS[move.to], move.count)),
    intensityMoves: result.intensityMoves.map((move) => moves(INTENSITY_LABELS[move.from], INTENSITY_LABELS[move.to], move.count)),
    movers: result.movers.map((mover) => ({
      code: mover.organisationCode,
      name: names.get(mover.organisationCode) ?? mover.organisationCode,
      href: organisationRiskPath(mover.organisationCode, simulation.asOf),
      score: `${String(mover.from.score)} to ${String(mover.to.score)}`,
      from: levelTag(mover.from.level),
      to: levelTag(mover.to.level),
      intensity: mover.from.intensity === mover.to.intensity ? INTENSITY_LABELS[mover.to.intensity] : `${INTENSITY_LABELS[mover.from.intensity]} to ${INTENSITY_LABELS[mover.to.intensity]}`,
    })),
  };
}
