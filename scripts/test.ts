// Runs every *.test.ts under src/ and test/ with Node's test runner (Node 20 expands no globs).
// Extra arguments are passed on as file filters: `npm test -- organisations` runs matching files.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function findTests(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return findTests(full);
    return entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

const filters = process.argv.slice(2);
const files = [...findTests('src'), ...findTests('test')]
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
  .sort();
if (files.length === 0) {
  console.error(`No test files match ${filters.join(' ')}`);
  process.exit(1);
}
// --test-force-exit: a file whose `before` hook failed half-way (a browser launched, its server never started)
// can leave handles open that its `after` hook cannot close; the file still fails, and the suite goes on.
// Two files at a time at least: Node's default (one fewer than the cores) runs them one by one on a 2-core
// machine, where a file waiting on PostgreSQL, Chromium or a child process leaves a core idle (docs/DECISIONS.md).
const concurrency = Math.max(2, os.availableParallelism() - 1);
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-force-exit', `--test-concurrency=${String(concurrency)}`, '--test-reporter=spec', ...files], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
