// Entry point for running `assure stats` before it is wired into src/cli/main.ts:
// node --import tsx test/statistics/run-stats-cli.ts stats proportion data.csv
import { Command } from 'commander';
import { registerStatsCommand } from '../../src/cli/commands/stats.ts';
import { describeFailure } from '../../src/cli/errors.ts';

const program = new Command('assure').exitOverride();
registerStatsCommand(program);
try {
  await program.parseAsync(process.argv);
} catch (error) {
  const { message, exitCode } = describeFailure(error);
  process.stderr.write(`${message}\n`);
  process.exitCode = exitCode;
}
