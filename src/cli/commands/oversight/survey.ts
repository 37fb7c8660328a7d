import fs from 'node:fs';
import path from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { Kysely } from 'kysely';
import type { Actor } from '../../../domain/identity/actor.ts';
import { type GroupSelection, STAKEHOLDER_GROUP_LABELS, SURVEY_MINIMUM_RESPONSES, type SurveyCell, type SurveyComparison, type SurveyProportion } from '../../../domain/oversight/survey.ts';
import { can } from '../../../domain/policy/can.ts';
import { formatShare } from '../../../domain/rating/wording.ts';
import type { DB } from '../../../db/schema.ts';
import type { ReturnImportOutcome } from '../../../services/oversight/return-import.ts';
import { nationalSurvey, type NationalSurvey, organisationSurvey, type OrganisationSurvey, surveyOrganisations } from '../../../services/oversight/survey.ts';
import { importSurveyResults } from '../../../services/oversight/survey-import.ts';
import { type SurveyIndicatorOutcome, writeSurveyIndicator } from '../../../services/oversight/survey-indicator.ts';
import { formatTextTable } from '../../text-table.ts';
import { withDatabase } from '../../with-database.ts';

type OutputFormat = 'text' | 'json';

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function surveyYearArgument(value: string): number {
  const year = Number(value);
  if (!/^\d{4}$/.test(value) || !Number.isInteger(year)) throw new InvalidArgumentError('give a survey year such as 2016');
  return year;
}

function describeImport(fileName: string, outcome: ReturnImportOutcome): string {
  switch (outcome.kind) {
    case 'dry-run':
      return `${fileName}: valid; ${String(outcome.rows)} survey results would be imported${outcome.wouldReplace > 0 ? `, replacing ${String(outcome.wouldReplace)} stored results` : ''} (dry run: nothing written).\n`;
    case 'unchanged':
      return `${fileName}: already imported as batch ${outcome.batch.id} on ${outcome.batch.importedAt.toISOString()} by ${outcome.batch.importedBy}; nothing changed.\n`;
    case 'imported':
      return `${fileName}: ${String(outcome.batch.rowCount)} survey results imported as batch ${outcome.batch.id}${outcome.batch.replacedCount > 0 ? `, replacing ${String(outcome.batch.replacedCount)} stored results` : ''}.\n`;
  }
}

function describeIndicator(dataset: string, result: SurveyIndicatorOutcome): string {
  const suppressed = Object.entries(result.suppressed)
    .filter(([, count]) => count > 0)
    .map(([indicator, count]) => `${indicator}: ${String(count)} CCGs without a value (fewer than ${String(SURVEY_MINIMUM_RESPONSES)} answers)`);
  const written = (() => {
    switch (result.outcome.kind) {
      case 'dry-run':
        return `${String(result.values)} values of ${result.indicators.join(', ')} would be written into ${dataset} (dry run: nothing written).`;
      case 'unchanged':
        return `the values of ${result.indicators.join(', ')} are in ${dataset} already (batch ${result.outcome.batch.id}); nothing changed.`;
      case 'imported':
        return `${String(result.values)} values of ${result.indicators.join(', ')} written into ${dataset} as batch ${result.outcome.batch.id}${result.outcome.batch.replacedCount > 0 ? `, replacing ${String(result.outcome.batch.replacedCount)} stored values` : ''}.`;
    }
  })();
  return [written, ...suppressed].join('\n').concat('\n');
}

function interval(result: SurveyProportion): string {
  return `${formatShare(result.lower95)} to ${formatShare(result.upper95)}`;
}

function comparisonText(comparison: SurveyComparison, cell: SurveyCell): string {
  if (cell.suppressed) return 'not compared (suppressed)';
  if (comparison.outcome === 'not-compared' || comparison.reference === null) return 'not compared';
  return `${comparison.outcome} (${formatShare(comparison.reference)})`;
}

function groupName(group: GroupSelection): string {
  return group === 'all' ? 'All stakeholders' : STAKEHOLDER_GROUP_LABELS[group];
}

function sourceText(shown: NationalSurvey | OrganisationSurvey): string {
  if (shown.survey === null) return 'No 360° stakeholder survey is stored yet.\n';
  const from = shown.source === null ? '' : `: ${String(shown.source.results)} results from ${shown.source.fileName}, imported by ${shown.source.importedBy}`;
  return `The ${String(shown.survey.surveyYear)} survey, fieldwork ending ${shown.survey.fieldworkEndsOn}${from}.\n`;
}

function formatNational(national: NationalSurvey): string {
  const table = formatTextTable(
    ['QUESTION', 'ENGLAND', '95% INTERVAL', 'ANSWERS', 'CCGS BETTER', 'SIMILAR', 'WORSE', 'SUPPRESSED', 'TEXT'],
    national.questions.map((question) => [
      question.code,
      formatShare(question.picture.england.proportion),
      interval(question.picture.england),
      String(question.picture.england.responses),
      String(question.picture.ccgs.better),
      String(question.picture.ccgs.similar),
      String(question.picture.ccgs.worse),
      String(question.picture.ccgs.suppressed),
      question.text,
    ]),
  );
  return `${sourceText(national)}${national.questions.length === 0 ? '' : table}`;
}

function formatOrganisation(survey: OrganisationSurvey): string {
  const heading = `${survey.organisation.name} (${survey.organisation.code})\n${sourceText(survey)}`;
  const peers = survey.peers.length === 0 ? 'Similar CCGs: none named.\n' : `Similar CCGs: ${survey.peers.map((peer) => peer.code).join(', ')}\n`;
  const questions = survey.questions.map((question) => {
    const table = formatTextTable(
      ['GROUP', 'ANSWERS', 'POSITIVE', '95% INTERVAL', 'AGAINST ENGLAND', 'AGAINST SIMILAR CCGS'],
      question.rows.map((row) => [
        groupName(row.group),
        String(row.responses),
        row.result === null ? `suppressed: fewer than ${String(SURVEY_MINIMUM_RESPONSES)} answers` : formatShare(row.result.proportion),
        row.result === null ? '-' : interval(row.result),
        comparisonText(row.england, row),
        comparisonText(row.similar, row),
      ]),
    );
    return `\n${question.code}: ${question.text}\n${table}`;
  });
  return `${heading}${peers}${questions.join('')}`;
}

/** Without a code: England's picture for national roles, the CCGs one may open for everyone else. */
async function showSurvey(db: Kysely<DB>, actor: Actor, code: string | undefined, year: number | undefined, format: OutputFormat): Promise<string> {
  if (code !== undefined) {
    const survey = await organisationSurvey(db, actor, code, { year });
    return format === 'json' ? json(survey) : formatOrganisation(survey);
  }
  if (can(actor, 'oversight.view-national') === 'allow') {
    const national = await nationalSurvey(db, actor, { year });
    return format === 'json' ? json(national) : formatNational(national);
  }
  const organisations = await surveyOrganisations(db, actor);
  if (format === 'json') return json(organisations);
  return `The national picture is for national roles; the CCGs whose results you may see (assure oversight survey show CODE):\n${formatTextTable(['CODE', 'NAME'], organisations.map((organisation) => [organisation.code, organisation.name]))}`;
}

/** `assure oversight survey …`: the 360° stakeholder survey, as on the /oversight/survey pages. */
export function registerOversightSurveyCommands(oversight: Command): void {
  const survey = oversight.command('survey').description('the 360° stakeholder survey: import a year’s results, show them, feed the framework indicator');

  survey
    .command('import')
    .description('import a 360° survey results file (CSV or .xlsx; one row per CCG, stakeholder group and question, the year and fieldwork end in each row); all or nothing, every problem by row and column')
    .argument('<file>', 'the .csv or .xlsx file')
    .option('--reason <text>', 'why a survey year already stored is replaced whole by this file (required to replace one)')
    .option('--dry-run', 'check and report, writing nothing')
    .action(async (file: string, options: { reason?: string; dryRun?: boolean }, command: Command) => {
      const fileName = path.basename(file);
      await fs.promises.access(file, fs.constants.R_OK);
      const outcome = await withDatabase(command, (db, actor) =>
        importSurveyResults(db, actor, {
          file: { fileName, format: fileName.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv', read: () => fs.createReadStream(file) },
          reason: options.reason,
          dryRun: options.dryRun === true,
        }),
      );
      process.stdout.write(describeImport(fileName, outcome));
    });

  survey
    .command('show')
    .description('a CCG’s results by question and stakeholder group beside England and its similar CCGs; without a code, England’s picture per question (national roles)')
    .argument('[code]', 'the CCG’s code')
    .option('--year <year>', 'the survey year (default: the newest stored)', surveyYearArgument)
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (code: string | undefined, options: { year?: number; format: OutputFormat }, command: Command) => {
      process.stdout.write(await withDatabase(command, (db, actor) => showSurvey(db, actor, code, options.year, options.format)));
    });

  survey
    .command('indicator')
    .description('write a survey year’s values of every indicator of a framework version that names the 360° survey, through the indicator importer')
    .requiredOption('--year <year>', 'the survey year', surveyYearArgument)
    .requiredOption('--framework <id>', 'the framework version (e.g. ccg-iaf-2016-17@1)')
    .requiredOption('--dataset <code>', 'the dataset to write into (created, as of the fieldwork end, if new)')
    .option('--reason <text>', 'why values already stored for these indicators are replaced')
    .action(async (options: { year: number; framework: string; dataset: string; reason?: string }, command: Command) => {
      const result = await withDatabase(command, (db, actor) =>
        writeSurveyIndicator(db, actor, { surveyYear: options.year, frameworkVersionId: options.framework, dataset: options.dataset, reason: options.reason }),
      );
      process.stdout.write(describeIndicator(options.dataset, result));
    });
}
