import type { Framework } from '../../domain/frameworks/schema.ts';
import type { DatasetRecord } from '../../db/repositories/datasets.ts';
import { frameworkVersionId } from '../../services/frameworks.ts';
import type { RatingChoices } from '../../services/rating-reports.ts';
import { formatDate } from './organisation.ts';

// What a rating form offers (framework versions, their rule variants, datasets) and whether a request names
// things that exist, so a form or an API call gets a 400 naming the field instead of a failure further in.

export interface ChoiceProblem {
  readonly field: string;
  readonly message: string;
}

export interface RatingSelection {
  readonly framework: string;
  readonly variants: readonly { readonly field: string; readonly id: string | undefined }[];
  readonly dataset: string;
}

export function findFramework(choices: RatingChoices, id: string): Framework | undefined {
  return choices.frameworks.find((framework) => frameworkVersionId(framework) === id);
}

/** Every way the selection misses what is loaded, by field. */
export function selectionProblems(choices: RatingChoices, selection: RatingSelection): ChoiceProblem[] {
  const problems: ChoiceProblem[] = [];
  const framework = findFramework(choices, selection.framework);
  if (framework === undefined) {
    problems.push({ field: 'framework', message: selection.framework === '' ? 'Choose a framework version' : `There is no framework version ${selection.framework}` });
  } else {
    for (const { field, id } of selection.variants) {
      if (id !== undefined && !framework.variants.some((variant) => variant.id === id)) {
        problems.push({ field, message: id === '' ? 'Choose a rule variant' : `${id} is not a rule variant of ${selection.framework} (${framework.variants.map((variant) => variant.id).join(', ')})` });
      }
    }
  }
  if (!choices.datasets.some((dataset) => dataset.code === selection.dataset)) {
    problems.push({ field: 'dataset', message: selection.dataset === '' ? 'Choose a dataset' : `There is no dataset ${selection.dataset}` });
  }
  return problems;
}

/** Short enough for a select: the code, whether it is synthetic and its date (the title is on the run's page). */
function datasetLabel(dataset: DatasetRecord): string {
  return `${dataset.code}${dataset.synthetic ? ' (synthetic)' : ''}, as of ${formatDate(dataset.asOf)}`;
}

function frameworkLabel(framework: Framework): string {
  return `${framework.title} (${frameworkVersionId(framework)})`;
}

export function frameworkOptions(choices: RatingChoices, selected: string) {
  return choices.frameworks.map((framework) => ({ value: frameworkVersionId(framework), text: frameworkLabel(framework), selected: frameworkVersionId(framework) === selected }));
}

export function variantOptions(framework: Framework | undefined, selected: string) {
  return (framework?.variants ?? []).map((variant) => ({
    value: variant.id,
    text: `${variant.name}${variant.id === framework?.defaultVariant ? ' (default)' : ''}`,
    selected: variant.id === selected,
  }));
}

export function datasetOptions(choices: RatingChoices, selected: string) {
  return choices.datasets.map((dataset) => ({ value: dataset.code, text: datasetLabel(dataset), selected: dataset.code === selected }));
}

/** The compute form's one "rule" choice: a framework version and one of its variants, so one selection can never mismatch. */
function ruleValue(frameworkId: string, variantId: string): string {
  return `${frameworkId} ${variantId}`;
}

export function ruleOptions(choices: RatingChoices, selected: string) {
  return choices.frameworks.flatMap((framework) =>
    framework.variants.map((variant) => {
      const value = ruleValue(frameworkVersionId(framework), variant.id);
      return { value, text: `${framework.title} (version ${framework.version}): ${variant.name}`, selected: value === selected };
    }),
  );
}

/** Reads a "rule" value back into its framework version and variant. */
export function parseRuleValue(value: string): { framework: string; variant: string } {
  const [framework = '', variant = ''] = value.split(' ');
  return { framework, variant };
}
