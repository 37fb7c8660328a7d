import fs from 'node:fs/promises';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { InputError, readCsv } from '../../domain/csv/decode.ts';
import type { OrganisationRecord } from '../../domain/organisations/organisation.ts';
import { IMPORT_COLUMNS, parseOrganisationImport } from '../../domain/organisations/parse-import.ts';
import { getAllOrganisations } from '../../db/repositories/organisations.ts';
import { importOrganisations } from '../../services/import-organisations.ts';
import { formatTextTable } from '../text-table.ts';
import { withDatabase } from '../with-database.ts';

function toImportRow(record: OrganisationRecord): string[] {
  return [
    record.code,
    record.onsCode ?? '',
    record.name,
    record.type,
    record.regionCode ?? '',
    record.population === null ? '' : String(record.population),
    record.establishedOn ?? '',
    record.closedOn ?? '',
    record.successorCode ?? '',
    record.peerCodes.join(' '),
  ];
}

function formatTable(records: readonly OrganisationRecord[]): string {
  const header = ['CODE', 'ONS CODE', 'TYPE', 'REGION', 'POPULATION', 'NAME'];
  const rows = records.map((record) => [
    record.code,
    record.onsCode ?? '',
    record.type,
    record.regionCode ?? '',
    record.population === null ? '' : String(record.population),
    record.name,
  ]);
  return formatTextTable(header, rows);
}

export function registerOrgsCommands(program: Command): void {
  const orgs = program.command('orgs').description('the organisation registry');

  orgs
    .command('import')
    .description(`add or update organisations from a UTF-8 CSV file with columns ${IMPORT_COLUMNS.join(', ')} (code, name and type required; peers separated by spaces)`)
    .argument('<file>', 'CSV file to import')
    .action(async (file: string, _options: unknown, command: Command) => {
      const source = path.basename(file);
      const table = readCsv(await fs.readFile(file));
      if ('problems' in table) throw new InputError(source, table.problems);
      const parsed = parseOrganisationImport(table);
      if ('problems' in parsed) throw new InputError(source, parsed.problems);
      const summary = await withDatabase(command, (db, actor) =>
        importOrganisations(db, { source, records: parsed.records, lines: parsed.lines, actor }),
      );
      process.stdout.write(`${source}: ${summary.added} added, ${summary.changed} changed, ${summary.unchanged} unchanged.\n`);
    });

  orgs
    .command('list')
    .description('list organisations in name order (csv output is the import format)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'))
    .action(async (options: { format: 'table' | 'csv' | 'json' }, command: Command) => {
      const stored = await withDatabase(command, (db) => getAllOrganisations(db));
      const records = [...stored.values()].sort(
        (a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase(), 'en-GB') || a.code.localeCompare(b.code),
      );
      if (options.format === 'json') process.stdout.write(`${JSON.stringify(records, null, 2)}\n`);
      else if (options.format === 'csv') process.stdout.write(stringify([[...IMPORT_COLUMNS], ...records.map(toImportRow)]));
      else process.stdout.write(formatTable(records));
    });
}
