import { type Command, InvalidArgumentError, Option } from 'commander';
import { organisationYear, recordAssessment } from '../../../services/oversight/assessments.ts';
import { assuranceYears, openAssuranceYear } from '../../../services/oversight/assurance-years.ts';
import { designateEconomy, endDesignation, organisationDesignations } from '../../../services/oversight/designations.ts';
import { formatTextTable } from '../../text-table.ts';
import { withDatabase } from '../../with-database.ts';

// `assure oversight years|assess|assessments|designate`: assurance years, the regional team's quarterly
// assessments and distressed-economy designations, as on a CCG's oversight pages.

type OutputFormat = 'text' | 'json';

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function wholeNumber(what: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`give ${what} as a whole number`);
    return Number(value);
  };
}

export function registerOversightYearsCommands(oversight: Command): void {
  const years = oversight.command('years').description('assurance years: April to March unless configured otherwise, each on a framework version whose domains are its components');

  years
    .command('list')
    .description('the assurance years opened, newest first')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (options: { format: OutputFormat }, command: Command) => {
      const opened = await withDatabase(command, (db, actor) => assuranceYears(db, actor));
      if (options.format === 'json') process.stdout.write(json(opened));
      else if (opened.length === 0) process.stdout.write('No assurance year has been opened yet (assure oversight years open).\n');
      else process.stdout.write(formatTextTable(['YEAR', 'FROM', 'TO', 'FRAMEWORK', 'COMPONENTS'], opened.map((year) => [year.stored.id, year.dates.startsOn, year.dates.endsOn, year.stored.frameworkVersionId, year.components.map((component) => component.id).join(', ')])));
    });

  years
    .command('open')
    .description('open an assurance year (national analysts)')
    .argument('<year>', 'the year, e.g. 2026-27')
    .requiredOption('--framework <id>', 'the framework version whose domains are the components (e.g. ccg-af-2015-16@1)')
    .action(async (yearId: string, options: { framework: string }, command: Command) => {
      const year = await withDatabase(command, (db, actor) => openAssuranceYear(db, actor, { yearId, frameworkVersionId: options.framework }));
      process.stdout.write(`Opened assurance year ${year.dates.label} (${year.dates.startsOn} to ${year.dates.endsOn}) on ${year.stored.frameworkVersionId}: ${year.components.map((component) => component.name).join(', ')}.\n`);
    });

  oversight
    .command('assess')
    .description('record or change the regional team’s assessment of one component of a CCG for one quarter (its region’s lead)')
    .argument('<code>', 'the CCG’s code')
    .requiredOption('--year <year>', 'the assurance year, e.g. 2026-27')
    .requiredOption('--quarter <n>', 'the quarter, 1 to 4', wholeNumber('the quarter'))
    .requiredOption('--component <id>', 'the component (a domain of the year’s framework, e.g. finance)')
    .requiredOption('--level <code>', 'a level of the component’s scale (e.g. requires-improvement)')
    .requiredOption('--narrative <text>', 'what the assessment rests on')
    .option('--reason <text>', 'why it is changed (needed to change an assessment)')
    .option('--expected-version <n>', 'the version the change starts from (needed to change an assessment)', wholeNumber('the version'))
    .option('--evidence <id...>', 'documents of the CCG’s local evidence the assessment rests on')
    .action(
      async (
        code: string,
        options: { year: string; quarter: number; component: string; level: string; narrative: string; reason?: string; expectedVersion?: number; evidence?: string[] },
        command: Command,
      ) => {
        const outcome = await withDatabase(command, (db, actor) =>
          recordAssessment(db, actor, {
            organisationCode: code,
            yearId: options.year,
            quarter: options.quarter,
            component: options.component,
            level: options.level,
            narrative: options.narrative,
            reason: options.reason,
            expectedVersion: options.expectedVersion,
            evidenceDocumentIds: options.evidence,
          }),
        );
        const { assessment } = outcome;
        const what = { recorded: 'Recorded', changed: 'Changed', unchanged: 'Unchanged (the same level and narrative):' }[outcome.kind];
        process.stdout.write(`${what} ${assessment.component} for ${assessment.organisationCode}, ${assessment.yearId} Q${String(assessment.quarter)}: ${assessment.level}, version ${String(assessment.version)} (assessment ${assessment.id}).\n`);
      },
    );

  oversight
    .command('assessments')
    .description('a CCG’s assurance year: each component’s level quarter by quarter')
    .argument('<code>', 'the CCG’s code')
    .option('--year <year>', 'the assurance year (default: the one today falls in, else the newest)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (code: string, options: { year?: string; format: OutputFormat }, command: Command) => {
      const shown = await withDatabase(command, (db, actor) => organisationYear(db, actor, code, { yearId: options.year }));
      if (options.format === 'json') {
        process.stdout.write(json(shown));
        return;
      }
      if (shown.year === null || !('rows' in shown)) {
        process.stdout.write('No assurance year has been opened yet.\n');
        return;
      }
      const header = `${shown.organisation.name} (${shown.organisation.code}), assurance ${shown.year.dates.label} on ${shown.year.stored.frameworkVersionId}\n`;
      const table = formatTextTable(
        ['COMPONENT', 'Q1', 'Q2', 'Q3', 'Q4'],
        shown.rows.map((row) => [row.component.id, ...row.cells.map((cell) => (cell.assessment === null ? '-' : `${cell.assessment.level} (v${String(cell.assessment.version)})`))]),
      );
      process.stdout.write(header + table);
    });

  oversight
    .command('designate')
    .description('designate a CCG as in a distressed health economy (its region’s lead, national analysts), end a designation, or list them')
    .argument('<code>', 'the CCG’s code')
    .option('--from <date>', 'designate from this date (YYYY-MM-DD)')
    .option('--until <date>', 'until this date (YYYY-MM-DD; none while it lasts)')
    .option('--end <id>', 'end this designation instead')
    .option('--on <date>', 'the day the designation ends (with --end)')
    .option('--expected-version <n>', 'the version the change starts from (with --end)', wholeNumber('the version'))
    .option('--reason <text>', 'why')
    .action(async (code: string, options: { from?: string; until?: string; end?: string; on?: string; expectedVersion?: number; reason?: string }, command: Command) => {
      if (options.end !== undefined) {
        const { end, on, expectedVersion } = options;
        if (on === undefined || expectedVersion === undefined) throw new InvalidArgumentError('--end needs --on DATE and --expected-version N');
        const ended = await withDatabase(command, (db, actor) => endDesignation(db, actor, end, { endsOn: on, reason: options.reason ?? '', expectedVersion }));
        process.stdout.write(`Designation ${ended.id} of ${ended.organisationCode} ends on ${ended.endsOn ?? on}.\n`);
        return;
      }
      if (options.from !== undefined) {
        const { from } = options;
        const designation = await withDatabase(command, (db, actor) => designateEconomy(db, actor, { organisationCode: code, startsOn: from, endsOn: options.until, reason: options.reason ?? '' }));
        process.stdout.write(`Designated ${designation.organisationCode} as in a distressed health economy from ${designation.startsOn}${designation.endsOn === null ? '' : ` to ${designation.endsOn}`} (designation ${designation.id}).\n`);
        return;
      }
      const record = await withDatabase(command, (db, actor) => organisationDesignations(db, actor, code));
      if (record.designations.length === 0) process.stdout.write(`${record.organisation.name} (${record.organisation.code}) has never been designated.\n`);
      else process.stdout.write(formatTextTable(['ID', 'FROM', 'TO', 'VERSION', 'REASON'], record.designations.map((designation) => [designation.id, designation.startsOn, designation.endsOn ?? 'open-ended', String(designation.version), designation.reason])));
    });
}
