import fs from 'node:fs';
import { describeFrameworkProblem, parseFrameworkFile } from '../../../src/domain/frameworks/parse.ts';
import type { Framework } from '../../../src/domain/frameworks/schema.ts';
import type { IndicatorValueInput, JudgementInput, OrganisationInput, RatingInput } from '../../../src/domain/rating/inputs.ts';

/** Parses framework YAML or fails the test with the located problems. */
export function frameworkFrom(text: string, file = 'test.yaml'): Framework {
  const parsed = parseFrameworkFile(text, file);
  if (!parsed.ok) throw new Error(parsed.problems.map(describeFrameworkProblem).join('\n'));
  return parsed.framework;
}

export function shippedFramework(id: string): Framework {
  return frameworkFrom(fs.readFileSync(new URL(`../../../frameworks/${id}.yaml`, import.meta.url), 'utf8'), `${id}.yaml`);
}

const BASIS = '{ status: documented, sources: [test], reasoning: test }';

/**
 * A small framework for hand-worked cases: one rated domain `d` (score-bands over its indicators: ≥3.5
 * outstanding, ≥2.5 good, ≥1.5 requires improvement) holding the given indicators, optional extra YAML
 * sections, and one variant with the given pipeline steps.
 */
export function smallFramework(options: { indicators: string; pipeline: string; extra?: string; dataRules?: string; domains?: string }): Framework {
  return frameworkFrom(`
id: test-framework
version: 1
title: Test
organisationType: ccg
points: { best: 4, worst: 1 }
sources: [{ id: test, title: Test }]
scales:
  - id: rating
    name: Rating
    levels: [{ code: outstanding, label: Outstanding }, { code: good, label: Good }, { code: requires-improvement, label: Requires improvement }, { code: inadequate, label: Inadequate }]
headlineScale: rating
domains:
  - id: d
    name: D
    scale: rating
    rating: { method: score-bands, bands: [{ level: outstanding, atLeast: 3.5 }, { level: good, atLeast: 2.5 }, { level: requires-improvement, atLeast: 1.5 }, { level: inadequate }] }
    basis: ${BASIS}
${options.domains ?? ''}
indicators:
${options.indicators}
${options.extra ?? ''}
dataRules: ${options.dataRules ?? `{ missing: exclude, smallDenominator: exclude, minimumCoverage: 0.5, domainNotRated: rate-on-fewer, basis: ${BASIS} }`}
variants:
  - id: v
    name: V
    basis: ${BASIS}
    pipeline:
${options.pipeline}
defaultVariant: v
`);
}

export const STEP_BASIS = BASIS;

export function organisations(codes: readonly string[], peerType: string | null = null): OrganisationInput[] {
  return codes.map((code) => ({ code, name: `Org ${code}`, region: null, peerCodes: [], peerType, population: 100_000 }));
}

export function ratingInput(framework: Framework, orgs: readonly OrganisationInput[], values: readonly IndicatorValueInput[], judgements: readonly JudgementInput[] = [], variant?: string): RatingInput {
  return { framework, asOf: '2016-06-30', organisations: orgs, values, judgements, overrides: [], ...(variant === undefined ? {} : { variant }) };
}
