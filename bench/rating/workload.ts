import fs from 'node:fs';
import { generateDemoData, inputsForFramework } from '../../src/domain/demo/generate.ts';
import { parseFrameworkFile } from '../../src/domain/frameworks/parse.ts';
import type { Framework } from '../../src/domain/frameworks/schema.ts';
import type { IndicatorValueInput, OrganisationInput, RatingInput } from '../../src/domain/rating/inputs.ts';
import { loadDemoCcgs } from '../../test/support/demo-ccgs.ts';
import { linearCongruential } from '../synthetic.ts';

// Benchmark workloads: the shipped IAF 2016/17 framework widened to the indicator count a target names, rated
// on the seeded demo year for the real CCGs, or on synthetic organisations for the 10,000-organisation case.

export function loadFramework(id: string): Framework {
  const file = new URL(`../../frameworks/${id}.yaml`, import.meta.url);
  const parsed = parseFrameworkFile(fs.readFileSync(file, 'utf8'), `${id}.yaml`);
  if (!parsed.ok) throw new Error(`${id}.yaml does not validate`);
  return parsed.framework;
}

/** The framework with its numeric indicators repeated (codes suffixed -2, -3 …) until it has `count` indicators. */
export function widenFramework(framework: Framework, count: number): Framework {
  const numeric = framework.indicators.filter((indicator) => indicator.dataType !== 'categorical' && indicator.dataType !== 'judgement');
  const extra = Array.from({ length: Math.max(0, count - framework.indicators.length) }, (_, index) => {
    const template = numeric[index % numeric.length] ?? numeric[0];
    if (template === undefined) throw new Error('no numeric indicator to copy');
    return { ...template, code: `${template.code}-${Math.floor(index / numeric.length) + 2}` };
  });
  return { ...framework, indicators: [...framework.indicators, ...extra] };
}

/** Values for the copies, taken from the indicator they copy. */
function widenValues(framework: Framework, values: readonly IndicatorValueInput[]): IndicatorValueInput[] {
  const byIndicator = new Map<string, IndicatorValueInput[]>();
  for (const value of values) byIndicator.set(value.indicator, [...(byIndicator.get(value.indicator) ?? []), value]);
  return framework.indicators.flatMap((indicator) => {
    const original = indicator.code.replace(/-\d+$/, '');
    return (byIndicator.get(original) ?? []).map((value) => ({ ...value, indicator: indicator.code }));
  });
}

/** The 209 CCGs on `indicators` indicators of the widened IAF 2016/17, demo year, default seed. */
export async function ccgWorkload(indicators: number): Promise<RatingInput> {
  const framework = widenFramework(loadFramework('ccg-iaf-2016-17'), indicators);
  const data = inputsForFramework(framework, generateDemoData(await loadDemoCcgs()));
  return { framework, ...data, values: widenValues(framework, data.values), overrides: [] };
}

/** `organisations` synthetic CCG-like organisations on `indicators` indicators (values spread around England). */
export function syntheticWorkload(organisations: number, indicators: number): RatingInput {
  const framework = widenFramework(loadFramework('ccg-iaf-2016-17'), indicators);
  const next = linearCongruential(20_160_401);
  const orgs: OrganisationInput[] = Array.from({ length: organisations }, (_, index) => ({
    code: `S${String(index).padStart(5, '0')}`,
    name: `Synthetic organisation ${index}`,
    region: `R${index % 4}`,
    peerCodes: [],
    peerType: null,
    population: 50_000 + (next() % 500_000),
  }));
  const values: IndicatorValueInput[] = [];
  for (const indicator of framework.indicators) {
    if (indicator.dataType === 'judgement') continue;
    for (const org of orgs) {
      const draw = next();
      if (indicator.dataType === 'categorical') {
        const categories = indicator.categories ?? [];
        values.push({ org: org.code, indicator: indicator.code, category: categories[(draw >> 16) % categories.length] ?? null, synthetic: true });
      } else if (indicator.dataType === 'proportion') {
        const denominator = 200 + (draw % 5000);
        values.push({ org: org.code, indicator: indicator.code, numerator: Math.floor((denominator * ((draw >> 8) % 1000)) / 1000), denominator, synthetic: true });
      } else if (indicator.dataType === 'rate') {
        values.push({ org: org.code, indicator: indicator.code, numerator: draw % 400, denominator: org.population ?? 100_000, synthetic: true });
      } else {
        const value = 50 + ((draw >> 4) % 1000) / 10;
        values.push({ org: org.code, indicator: indicator.code, value, lower95: value - 2, upper95: value + 2, synthetic: true });
      }
    }
  }
  const judgements = orgs.flatMap((org, index) => [
    { org: org.code, judgement: 'quality-of-leadership', value: ['green-star', 'green', 'amber', 'red'][index % 4] ?? 'green', recordedBy: 'benchmark' },
    { org: org.code, judgement: 'legal-directions', value: index % 50 === 0, recordedBy: 'benchmark' },
  ]);
  return { framework, asOf: '2017-06-30', organisations: orgs, values, judgements, overrides: [] };
}

/**
 * Median wall-clock time (ms) of `runs` runs after `warmups` untimed ones, collecting garbage before each, and
 * the median process CPU time, which shows what the figure would be on a machine nothing else is using.
 */
export function medianMilliseconds(run: () => unknown, runs: number, warmups = 3): { wall: number; cpu: number } {
  const collect = (globalThis as { gc?: () => void }).gc;
  for (let warm = 0; warm < warmups; warm++) run();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let attempt = 0; attempt < runs; attempt++) {
    collect?.();
    const start = process.hrtime.bigint();
    const usage = process.cpuUsage();
    run();
    const used = process.cpuUsage(usage);
    wall.push(Number(process.hrtime.bigint() - start) / 1e6);
    cpu.push((used.user + used.system) / 1000);
  }
  const median = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(runs / 2)] ?? Number.NaN;
  return { wall: median(wall), cpu: median(cpu) };
}
