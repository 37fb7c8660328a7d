import type { Command } from 'commander';

export function registerOversightSurveyCommands(_oversight: Command): void {}
