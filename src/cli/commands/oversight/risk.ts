import type { Command } from 'commander';

export function registerOversightRiskCommands(_oversight: Command): void {}
