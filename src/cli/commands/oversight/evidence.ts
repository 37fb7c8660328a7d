import type { Command } from 'commander';

export function registerOversightEvidenceCommands(_oversight: Command): void {}
