import type { Command } from 'commander';

export function registerOversightFinanceCommands(_oversight: Command): void {}
