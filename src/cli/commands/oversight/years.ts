import type { Command } from 'commander';

export function registerOversightYearsCommands(_oversight: Command): void {}
