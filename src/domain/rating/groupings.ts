import type { Grouping } from '../frameworks/schema-basics.ts';
import type { OrganisationInput } from './inputs.ts';

/**
 * The organisations (by slot) that each relative calculation runs within: everyone for `england`, or one
 * set per peer type (organisations without a type form their own set).
 */
export function groupSlots(organisations: readonly OrganisationInput[], within: Grouping): readonly (readonly number[])[] {
  // Every indicator of every resampling draw asks for the same groups: work them out once per organisation list.
  let cached = cache.get(organisations);
  if (cached === undefined) {
    cached = new Map();
    cache.set(organisations, cached);
  }
  let groups = cached.get(within);
  if (groups === undefined) {
    groups = computeGroups(organisations, within);
    cached.set(within, groups);
  }
  return groups;
}

const cache = new WeakMap<readonly OrganisationInput[], Map<Grouping, readonly (readonly number[])[]>>();

function computeGroups(organisations: readonly OrganisationInput[], within: Grouping): readonly (readonly number[])[] {
  if (within === 'england') return [organisations.map((_, slot) => slot)];
  const groups = new Map<string, number[]>();
  organisations.forEach((org, slot) => {
    const key = org.peerType ?? '';
    const members = groups.get(key);
    if (members === undefined) groups.set(key, [slot]);
    else members.push(slot);
  });
  return [...groups.keys()].sort().map((key) => groups.get(key) ?? []);
}

/** Runs a whole-column method (quantile bands, ranks) on each group's values and writes results back by slot. */
export function perGroup(values: Float64Array, groups: readonly (readonly number[])[], method: (groupValues: Float64Array) => Float64Array): Float64Array {
  const output = new Float64Array(values.length).fill(Number.NaN);
  for (const members of groups) {
    // A group of everyone, in slot order (england), needs no gathering.
    if (members.length === values.length) {
      output.set(method(values));
      continue;
    }
    const result = method(Float64Array.from(members, (slot) => values[slot] ?? Number.NaN));
    members.forEach((slot, position) => (output[slot] = result[position] ?? Number.NaN));
  }
  return output;
}
