import type { Command } from 'commander';
import { registerOversightEvidenceCommands } from './oversight/evidence.ts';
import { registerOversightFinanceCommands } from './oversight/finance.ts';
import { registerOversightMeetingsCommands } from './oversight/meetings.ts';
import { registerOversightRiskCommands } from './oversight/risk.ts';
import { registerOversightSurveyCommands } from './oversight/survey.ts';
import { registerOversightYearsCommands } from './oversight/years.ts';

/** `assure oversight …`: assurance through the year, as on the /oversight pages. */
export function registerOversightCommands(program: Command): void {
  const oversight = program.command('oversight').description('assurance through the year: risk, quarterly assessments, checkpoint meetings and actions, finance, the 360° survey, local evidence');
  registerOversightYearsCommands(oversight);
  registerOversightRiskCommands(oversight);
  registerOversightMeetingsCommands(oversight);
  registerOversightFinanceCommands(oversight);
  registerOversightSurveyCommands(oversight);
  registerOversightEvidenceCommands(oversight);
}
