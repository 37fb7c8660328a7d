import { Command, Option } from 'commander';
import { InputError } from '../domain/csv/decode.ts';
import { operatorActor } from './actor.ts';
import { assertCommandAllowed, commandPath, commandPaths, policyFor } from './command-policy.ts';
import { describeFailure } from './errors.ts';
import { registerAggregateCommand } from './commands/aggregate.ts';
import { registerAuditCommands } from './commands/audit.ts';
import { registerCasesCommands } from './commands/cases.ts';
import { registerDataCommands } from './commands/data.ts';
import { registerDemoCommands } from './commands/demo.ts';
import { registerFrameworksCommands } from './commands/frameworks.ts';
import { registerJobsCommands } from './commands/jobs.ts';
import { registerMigrateCommand } from './commands/migrate.ts';
import { registerOrgsCommands } from './commands/orgs.ts';
import { registerOversightCommands } from './commands/oversight.ts';
import { registerPublishCommands } from './commands/publish.ts';
import { registerRatingCommands } from './commands/ratings.ts';
import { registerReportsCommands } from './commands/reports.ts';
import { registerRoundsCommands } from './commands/rounds.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerStatsCommand } from './commands/stats.ts';
import { registerUsersCommands } from './commands/users.ts';

/** Builds the command line; every runnable command must have an entry in the command policy. */
export function buildProgram(): Command {
  const program = new Command('assure')
    .description('Assure: NHS England’s assurance of the bodies that commission NHS care')
    .option('--debug', 'print stack traces on failure')
    .addOption(new Option('--as <email>', 'act as this account: its roles decide what the command may do').env('ASSURE_AS'))
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerServeCommand(program);
  registerMigrateCommand(program);
  registerOrgsCommands(program);
  registerStatsCommand(program);
  registerAuditCommands(program);
  registerUsersCommands(program);
  registerFrameworksCommands(program);
  registerDemoCommands(program);
  registerDataCommands(program);
  registerJobsCommands(program);
  registerRatingCommands(program);
  registerRoundsCommands(program);
  registerPublishCommands(program);
  registerReportsCommands(program);
  registerCasesCommands(program);
  registerOversightCommands(program);
  registerAggregateCommand(program);
  const uncovered = commandPaths(program).filter((path) => policyFor(path) === undefined);
  if (uncovered.length > 0) throw new Error(`No command policy for: ${uncovered.join(', ')} (src/cli/command-policy.ts)`);
  // Commands that run as the operator are decided here; the others once their database names the --as account.
  program.hook('preAction', (_program, command) => {
    const path = commandPath(command);
    if (policyFor(path)?.runsAs !== 'operator') return;
    if (command.optsWithGlobals<{ as?: string }>().as !== undefined) {
      throw new InputError('--as', [{ message: `assure ${path} runs as the operator and acts as no account; leave out --as and ASSURE_AS` }]);
    }
    assertCommandAllowed(path, operatorActor());
  });
  return program;
}

/** Runs the CLI; returns the exit code instead of exiting, so tests can call it in-process. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    const code = (error as { code?: string }).code;
    // --help and --version already printed what was asked for.
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') return 0;
    if (typeof code === 'string' && code.startsWith('commander.')) return 2;
    const { message, exitCode } = describeFailure(error);
    process.stderr.write(`assure: ${message}\n`);
    if (argv.includes('--debug') && error instanceof Error && error.stack !== undefined) process.stderr.write(`${error.stack}\n`);
    return exitCode;
  }
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const exitCode = await runCli(process.argv.slice(2));
  // serve keeps running; other commands end here.
  if (exitCode !== 0 || !process.argv.slice(2).includes('serve')) process.exitCode = exitCode;
}
