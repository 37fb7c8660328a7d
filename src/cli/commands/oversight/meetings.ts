import type { Command } from 'commander';

export function registerOversightMeetingsCommands(_oversight: Command): void {}
