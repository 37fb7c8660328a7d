import fs from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { InputError, type InputProblem, readCsv } from '../../domain/csv/decode.ts';
import { aggregate, KEY_QUESTIONS, keyQuestionRows } from '../../domain/rating/cqc-aggregate.ts';
import { scaleIndex } from '../../domain/rating/scales.ts';
import type { Framework } from '../../domain/frameworks/schema.ts';
import { readShippedFrameworkFiles, validateFrameworkFile } from '../../services/frameworks.ts';

async function readInput(file: string | undefined): Promise<{ bytes: Uint8Array; source: string }> {
  if (file !== undefined) return { bytes: await fs.readFile(file), source: path.basename(file) };
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return { bytes: Buffer.concat(chunks), source: 'stdin' };
}

/** One line for the first problem (and how many more), so a bad file gets one clear message. */
function inputError(source: string, problems: readonly InputProblem[]): InputError {
  const [first, ...rest] = problems;
  const more = rest.length === 0 ? '' : ` (and ${rest.length} more problem${rest.length === 1 ? '' : 's'})`;
  return new InputError(source, first === undefined ? [] : [{ ...first, message: `${first.message}${more}` }]);
}

async function aggregationRules(id: string): Promise<Framework> {
  const files = await readShippedFrameworkFiles();
  const file = files.find((candidate) => candidate.fileName.replace(/\.(yaml|json)$/, '') === id);
  const known = files.map((candidate) => candidate.fileName.replace(/\.(yaml|json)$/, '')).join(', ');
  if (file === undefined) throw new InputError('options', [{ field: '--rules', message: `"${id}" is not a shipped rule set (frameworks: ${known})` }]);
  const framework = validateFrameworkFile(file.fileName, file.text);
  const judgements = new Set(framework.judgements.map((judgement) => judgement.id));
  if (![...KEY_QUESTIONS, 'breach'].every((id) => judgements.has(id))) {
    throw new InputError('options', [{ field: '--rules', message: `"${id}" is not an aggregation rule set: it needs the five key questions and a breach flag` }]);
  }
  return framework;
}

/** `assure aggregate --rules cqc-principles [FILE]`: key-question ratings → overall rating and the rule that decided it. */
export function registerAggregateCommand(program: Command): void {
  program
    .command('aggregate')
    .description('CQC-style aggregation: reads org,safe,effective,caring,responsive,well_led[,breach] (FILE or stdin), writes org,overall,rule')
    .argument('[file]')
    .requiredOption('--rules <id>', 'aggregation rule set, e.g. cqc-principles')
    .action(async (file: string | undefined, options: { rules: string }) => {
      const rules = await aggregationRules(options.rules);
      const { bytes, source } = await readInput(file);
      const table = readCsv(bytes);
      if ('problems' in table) throw inputError(source, table.problems);
      const { rows, problems } = keyQuestionRows(table);
      if (problems.length > 0) throw inputError(source, problems);
      const labels = scaleIndex(rules, rules.headlineScale);
      const results = aggregate(rows, rules);
      process.stdout.write(
        stringify([['org', 'overall', 'rule'], ...results.map((result) => [result.org, result.overall === null ? '' : (labels.labels[labels.index.get(result.overall) ?? -1] ?? result.overall), result.rule])]),
      );
    });
}
