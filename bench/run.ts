// `npm run bench`: runs every bench/**/*.bench.ts (or those matching the arguments) and prints each
// figure beside its target and baseline. Benchmarks are never part of `npm test`.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Benchmark, describeFigure } from './harness.ts';

function findBenchmarks(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return findBenchmarks(full);
    return entry.name.endsWith('.bench.ts') ? [full] : [];
  });
}

const filters = process.argv.slice(2);
const files = findBenchmarks(import.meta.dirname)
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
  .sort();
let failed = false;
for (const file of files) {
  const name = path.relative(import.meta.dirname, file);
  console.log(`\n## ${name}`);
  try {
    const module = (await import(pathToFileURL(file).href)) as { default: Benchmark };
    for (const figure of await module.default()) console.log(describeFigure(figure));
  } catch (error) {
    failed = true;
    console.log(`failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
process.exitCode = failed ? 1 : 0;
