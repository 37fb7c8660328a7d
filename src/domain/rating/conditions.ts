import type { Condition } from '../frameworks/schema-rules.ts';
import type { GroupResults } from './groups.ts';
import type { PreparedRating } from './prepare.ts';
import { passesLevelTest, type ScaleIndex } from './scales.ts';

/** What conditions can look at for one organisation. */
export interface ConditionContext {
  readonly prepared: PreparedRating;
  readonly domains: readonly GroupResults[];
  readonly domainIndex: ReadonlyMap<string, number>;
  readonly headlineScale: ScaleIndex;
  /** Domains counted by `countDomains` when it names none: every domain that gets a level. */
  readonly levelledDomains: readonly number[];
  readonly categoryIndex: ReadonlyMap<string, number>;
}

/** Evaluates a framework condition for the organisation in `slot`, given the headline so far. */
export function holds(context: ConditionContext, condition: Condition, slot: number, headline: number): boolean {
  if (condition.all !== undefined) return condition.all.every((inner) => holds(context, inner, slot, headline));
  if (condition.any !== undefined) return condition.any.some((inner) => holds(context, inner, slot, headline));
  if (condition.not !== undefined) return !holds(context, condition.not, slot, headline);
  if (condition.domain !== undefined) {
    const domain = context.domains[context.domainIndex.get(condition.domain) ?? -1];
    return domain !== undefined && passesLevelTest(domain.scale, domain.level[slot] ?? -1, condition);
  }
  if (condition.countDomains !== undefined) {
    const test = condition.countDomains;
    const positions = test.of?.map((id) => context.domainIndex.get(id) ?? -1) ?? context.levelledDomains;
    let count = 0;
    for (const position of positions) {
      const domain = context.domains[position];
      if (domain !== undefined && passesLevelTest(context.headlineScale, domain.level[slot] ?? -1, test)) count += 1;
    }
    return (condition.atLeast === undefined || count >= condition.atLeast) && (condition.atMost === undefined || count <= condition.atMost);
  }
  if (condition.flag !== undefined) return context.prepared.judgements.get(condition.flag)?.[slot]?.value === true;
  if (condition.indicator !== undefined) {
    const columns = context.prepared.columns[context.categoryIndex.get(condition.indicator) ?? -1];
    return columns !== undefined && columns.category[slot] === condition.category;
  }
  if (condition.headline !== undefined) return passesLevelTest(context.headlineScale, headline, condition);
  return false;
}

function test(value: { is?: string | undefined; atOrWorse?: string | undefined; atOrBetter?: string | undefined }): string {
  if (value.is !== undefined) return `is ${value.is}`;
  return value.atOrWorse !== undefined ? `is ${value.atOrWorse} or worse` : `is ${value.atOrBetter ?? ''} or better`;
}

/** A short reading of a condition for explanations: `finance is inadequate`, `flag legal-directions`. */
export function describeCondition(condition: Condition): string {
  if (condition.all !== undefined) return condition.all.map(describeCondition).join(' and ');
  if (condition.any !== undefined) return `(${condition.any.map(describeCondition).join(' or ')})`;
  if (condition.not !== undefined) return `not (${describeCondition(condition.not)})`;
  if (condition.domain !== undefined) return `${condition.domain} ${test(condition)}`;
  if (condition.countDomains !== undefined) {
    const bounds = [condition.atLeast === undefined ? '' : `at least ${condition.atLeast}`, condition.atMost === undefined ? '' : `at most ${condition.atMost}`].filter((part) => part !== '').join(' and ');
    const of = condition.countDomains.of === undefined ? 'domains' : `of ${condition.countDomains.of.join(', ')}`;
    return `${bounds} ${of} ${test(condition.countDomains).replace(/^is /, 'rated ')}`;
  }
  if (condition.flag !== undefined) return `${condition.flag} is recorded`;
  if (condition.indicator !== undefined) return `${condition.indicator} is ${condition.category ?? ''}`;
  return `headline ${test(condition)}`;
}
