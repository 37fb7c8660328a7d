import { type Command, InvalidArgumentError, Option } from 'commander';
import { stringify as toYaml } from 'yaml';
import { londonDate } from '../../../domain/calendar/london-time.ts';
import { isCalendarDate } from '../../../domain/calendar-date.ts';
import { INTENSITIES, INTENSITY_LABELS, RISK_LABELS } from '../../../domain/oversight/levels.ts';
import { parseRiskModel } from '../../../domain/oversight/risk-model.ts';
import { RISK_STATUSES } from '../../../domain/oversight/risk-what-if.ts';
import { longDate } from '../../../domain/special-measures/calendar-months.ts';
import { readConfigFile } from '../../../services/config-file.ts';
import {
  adoptRiskModel,
  type CcgRisk,
  currentRiskModel,
  organisationRisk,
  type OrganisationRisk,
  rankedRisk,
  type RankedRisk,
  type RiskModelVersion,
  type RiskSimulation,
  simulateRiskModel,
} from '../../../services/oversight/risk.ts';
import { formatTextTable } from '../../text-table.ts';
import { withDatabase } from '../../with-database.ts';

type OutputFormat = 'text' | 'json';

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function dateArgument(value: string): string {
  if (!isCalendarDate(value)) throw new InvalidArgumentError('give a date that exists, written YYYY-MM-DD');
  return value;
}

const today = (): string => londonDate(new Date());

function signed(change: number): string {
  return change > 0 ? `+${String(change)}` : change < 0 ? `-${String(-change)}` : '0';
}

function versionText(model: RiskModelVersion): string {
  if (model.version === null || model.adoptedAt === null) return 'the default risk model (none adopted)';
  return `risk model version ${String(model.version)}, adopted by ${model.adoptedBy ?? 'unknown'} on ${model.adoptedAt.toISOString()}: ${model.reason ?? ''}`;
}

function rankedRows(entries: readonly CcgRisk[]): string[][] {
  return entries.map((entry, index) => [
    String(index + 1),
    entry.organisation.code,
    RISK_LABELS[entry.risk.level],
    String(entry.risk.score),
    INTENSITY_LABELS[entry.intensity.intensity],
    `${entry.checkpoint.overdue ? 'overdue since' : 'due by'} ${entry.checkpoint.dueOn}`,
    signed(entry.movement.change),
    entry.organisation.name,
  ]);
}

function formatRanked(ranked: RankedRisk): string {
  const heading = `Risk on ${longDate(ranked.asOf)}${ranked.regionCode === null ? '' : ` in ${ranked.regionCode}`}, by ${versionText(ranked.model)}.\n`;
  if (ranked.organisations.length === 0) return `${heading}There are no CCGs whose risk you can see here.\n`;
  const table = formatTextTable(['RANK', 'CODE', 'RISK', 'SCORE', 'INTENSITY', 'NEXT CHECKPOINT', 'CHANGE', 'NAME'], rankedRows(ranked.organisations));
  const moved =
    ranked.moved.length === 0
      ? `\nNothing moved since ${longDate(ranked.previousAsOf)}.\n`
      : `\nWhat moved since ${longDate(ranked.previousAsOf)}:\n${formatTextTable(
          ['CODE', 'WAS', 'NOW', 'CHANGE', 'WHAT MOVED'],
          ranked.moved.map((entry) => [
            entry.organisation.code,
            `${RISK_LABELS[entry.previous.level]} ${String(entry.previous.score)}`,
            `${RISK_LABELS[entry.risk.level]} ${String(entry.risk.score)}`,
            signed(entry.movement.change),
            entry.movement.factors.map((factor) => `${factor.label} ${signed(factor.to - factor.from)}`).join('; '),
          ]),
        )}`;
  return `${heading}${table}${moved}`;
}

function formatOrganisation(risk: OrganisationRisk): string {
  const lines = [
    `${risk.organisation.name} (${risk.organisation.code}) on ${longDate(risk.asOf)}, by ${versionText(risk.model)}`,
    risk.risk.summary,
    `Intensity: ${INTENSITY_LABELS[risk.intensity.intensity]} (${risk.intensity.reasons.join('; ')})`,
    `Next checkpoint: ${risk.checkpoint.text}`,
    `A month before: ${RISK_LABELS[risk.previous.level]}, score ${String(risk.previous.score)} on ${longDate(risk.previous.asOf)}. ${risk.movement.text}`,
    '',
  ];
  const table = formatTextTable(
    ['FACTOR', 'POINTS', 'DATE', 'SOURCE'],
    risk.risk.factors.map((factor) => [factor.label, String(factor.points), factor.date ?? '-', factor.source ?? 'no data']),
  );
  const why = risk.risk.factors.map((factor) => `${factor.label}: ${factor.text}`);
  return `${lines.join('\n')}\n${table}\n${why.join('\n')}\n`;
}

function matrixTable(labels: readonly string[], transitions: readonly (readonly number[])[]): string {
  return formatTextTable(['FROM \\ TO', ...labels], labels.map((label, row) => [label, ...labels.map((_, column) => String(transitions[row]?.[column] ?? 0))]));
}

function formatSimulation(simulation: RiskSimulation): string {
  const { result } = simulation;
  const names = new Map(simulation.organisations.map((organisation) => [organisation.code, organisation.name]));
  const heading = `On ${longDate(simulation.asOf)}, against ${versionText(simulation.current)}: ${String(result.movers.length)} of ${String(result.organisations)} CCGs would change risk level or intensity; ${String(result.unchanged)} would not.\n`;
  const moves = [
    ...result.levelMoves.map((move) => `${String(move.count)} from ${RISK_LABELS[move.from].toLowerCase()} to ${RISK_LABELS[move.to].toLowerCase()}`),
    ...result.intensityMoves.map((move) => `${String(move.count)} from ${INTENSITY_LABELS[move.from].toLowerCase()} to ${INTENSITY_LABELS[move.to].toLowerCase()}`),
  ];
  const movers =
    result.movers.length === 0
      ? ''
      : `\n${formatTextTable(
          ['CODE', 'SCORE', 'RISK', 'INTENSITY', 'NAME'],
          result.movers.map((mover) => [
            mover.organisationCode,
            `${String(mover.from.score)} -> ${String(mover.to.score)}`,
            `${RISK_LABELS[mover.from.level]} -> ${RISK_LABELS[mover.to.level]}`,
            `${INTENSITY_LABELS[mover.from.intensity]} -> ${INTENSITY_LABELS[mover.to.intensity]}`,
            names.get(mover.organisationCode) ?? mover.organisationCode,
          ]),
        )}`;
  return `${heading}${moves.map((move) => `${move}\n`).join('')}\nRisk levels (rows: in force, columns: proposed):\n${matrixTable(
    RISK_STATUSES.map((status) => RISK_LABELS[status]),
    result.levelTransitions,
  )}\nIntensities (rows: in force, columns: proposed):\n${matrixTable(
    INTENSITIES.map((intensity) => INTENSITY_LABELS[intensity]),
    result.intensityTransitions,
  )}${movers}`;
}

const formatOption = (): Option => new Option('--format <format>', 'output format').choices(['text', 'json']).default('text');

/** `assure oversight risk …`, `oversight what-if` and `oversight risk-model …`: the risk view, as on /oversight/risk. */
export function registerOversightRiskCommands(oversight: Command): void {
  oversight
    .command('risk')
    .description('a CCG’s risk score with every factor’s points, source and date; without a code, the CCGs you see ranked by risk with what moved since a month before')
    .argument('[code]', 'the CCG’s code')
    .option('--as-of <date>', 'the day to score on, YYYY-MM-DD (default: today)', dateArgument)
    .option('--region <code>', 'only this NHS England region’s CCGs (national roles), e.g. Y54')
    .addOption(formatOption())
    .action(async (code: string | undefined, options: { asOf?: string; region?: string; format: OutputFormat }, command: Command) => {
      const asOf = options.asOf ?? today();
      const output = await withDatabase(command, async (db, actor) => {
        if (code !== undefined) {
          const risk = await organisationRisk(db, actor, code.toUpperCase(), asOf);
          return options.format === 'json' ? json(risk) : formatOrganisation(risk);
        }
        const ranked = await rankedRisk(db, actor, { asOf, regionCode: options.region });
        return options.format === 'json' ? json(ranked) : formatRanked(ranked);
      });
      process.stdout.write(output);
    });

  oversight
    .command('what-if')
    .description('which CCGs a proposed risk model (a YAML or JSON file; fields left out take their defaults) would move between risk levels and intensities; nothing is stored')
    .argument('<file>', 'the proposed model')
    .option('--as-of <date>', 'the day to compare on, YYYY-MM-DD (default: today)', dateArgument)
    .addOption(formatOption())
    .action(async (file: string, options: { asOf?: string; format: OutputFormat }, command: Command) => {
      const output = await withDatabase(command, async (db, actor) => {
        const simulation = await simulateRiskModel(db, actor, await readConfigFile(file, parseRiskModel), { asOf: options.asOf ?? today() });
        return options.format === 'json' ? json(simulation) : formatSimulation(simulation);
      });
      process.stdout.write(output);
    });

  const model = oversight.command('risk-model').description('the risk model: its weights, thresholds and versions');

  model
    .command('show')
    .description('the risk model in force (the newest adopted, or the defaults), as YAML that `risk-model adopt` and `what-if` read back')
    .addOption(formatOption())
    .action(async (options: { format: OutputFormat }, command: Command) => {
      const current = await withDatabase(command, (db, actor) => currentRiskModel(db, actor));
      process.stdout.write(options.format === 'json' ? json(current) : `# ${versionText(current)}\n${toYaml(current.model)}`);
    });

  model
    .command('adopt')
    .description('adopt a risk model (a YAML or JSON file) as the next version, with the reason; audited')
    .argument('<file>', 'the model to adopt')
    .requiredOption('--reason <text>', 'why the model is changing')
    .action(async (file: string, options: { reason: string }, command: Command) => {
      const adopted = await withDatabase(command, async (db, actor) => adoptRiskModel(db, actor, await readConfigFile(file, parseRiskModel), options.reason));
      process.stdout.write(`Adopted risk model version ${String(adopted.version)}.\n`);
    });
}
