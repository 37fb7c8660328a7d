import fs from 'node:fs/promises';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { frameworkVersionId, getFrameworkVersion, getFrameworkVersions, loadFrameworkFile, validateFrameworkFile } from '../../services/frameworks.ts';
import { formatTextTable } from '../text-table.ts';
import { withDatabase } from '../with-database.ts';

async function readFrameworkFile(file: string): Promise<{ fileName: string; text: string }> {
  return { fileName: path.basename(file), text: await fs.readFile(file, 'utf8') };
}

/** `assure frameworks validate|load|list|show`: framework versions as data files. */
export function registerFrameworksCommands(program: Command): void {
  const frameworks = program.command('frameworks').description('assessment frameworks: versioned files of domains, indicators and rating rules');

  frameworks
    .command('validate')
    .description('check framework files without loading them; every problem is named with its file, line and path')
    .argument('<files...>', 'framework files (YAML or JSON)')
    .action(async (files: string[]) => {
      for (const file of files) {
        const { fileName, text } = await readFrameworkFile(file);
        const framework = validateFrameworkFile(fileName, text);
        process.stdout.write(
          `${fileName}: valid, ${frameworkVersionId(framework)} (${framework.indicators.length} indicators, ${framework.variants.length} rule variants)\n`,
        );
      }
    });

  frameworks
    .command('load')
    .description('load framework files; the same file again changes nothing, and a version used by a published rating never changes')
    .argument('<files...>', 'framework files (YAML or JSON)')
    .action(async (files: string[], _options: unknown, command: Command) => {
      const texts = await Promise.all(files.map(readFrameworkFile));
      await withDatabase(command, async (db, actor) => {
        for (const file of texts) {
          const { id, outcome } = await loadFrameworkFile(db, { actor, ...file });
          process.stdout.write(`${file.fileName}: ${id} ${outcome}\n`);
        }
      });
    });

  frameworks
    .command('list')
    .description('list loaded framework versions')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (options: { format: 'table' | 'json' }, command: Command) => {
      const versions = await withDatabase(command, (db, actor) => getFrameworkVersions(db, actor));
      const rows = versions.map((version) => ({
        id: version.id,
        title: version.title,
        organisationType: version.framework.organisationType,
        indicators: version.framework.indicators.length,
        variants: version.framework.variants.map((variant) => variant.id),
        defaultVariant: version.framework.defaultVariant,
      }));
      if (options.format === 'json') process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      else
        process.stdout.write(
          formatTextTable(
            ['ID', 'TYPE', 'INDICATORS', 'VARIANTS', 'TITLE'],
            rows.map((row) => [row.id, row.organisationType, String(row.indicators), row.variants.join(' '), row.title]),
          ),
        );
    });

  frameworks
    .command('show')
    .description('show a framework version: domains, indicators, rule variants and sources (or the file itself)')
    .argument('<id>', 'framework version, e.g. ccg-af-2015-16@1')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'file']).default('text'))
    .action(async (id: string, options: { format: 'text' | 'json' | 'file' }, command: Command) => {
      const version = await withDatabase(command, (db, actor) => getFrameworkVersion(db, actor, id));
      const { framework } = version;
      if (options.format === 'file') return void process.stdout.write(version.sourceText);
      if (options.format === 'json') return void process.stdout.write(`${JSON.stringify(framework, null, 2)}\n`);
      const lines = [
        `${framework.title} (${version.id}, from ${version.fileName})`,
        '',
        'Domains:',
        ...framework.domains.map((domain) => `  ${domain.id}: ${domain.name}`),
        '',
        'Indicators:',
        ...framework.indicators.map((indicator) => `  ${indicator.code.padEnd(8)} ${indicator.name} [${indicator.domain}, ${indicator.dataType}]`),
        '',
        'Rule variants:',
        ...framework.variants.map((variant) => `  ${variant.id}${variant.id === framework.defaultVariant ? ' (default)' : ''}: ${variant.name}`),
        '',
        'Sources:',
        ...framework.sources.map((source) => `  ${source.title}${source.url === undefined ? '' : ` <${source.url}>`}`),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
