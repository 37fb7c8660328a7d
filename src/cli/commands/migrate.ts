import type { Command } from 'commander';
import { loadConfig } from '../../config/env.ts';
import { openDatabase } from '../../db/connect.ts';
import { migrateToLatest } from '../../db/migrate.ts';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations (serve does this on start too)')
    .action(async () => {
      const config = loadConfig();
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, command: 'assure migrate' });
      try {
        const applied = await migrateToLatest(database.db);
        process.stdout.write(
          applied.length === 0 ? 'The database is up to date.\n' : `Applied ${applied.length} migration(s): ${applied.join(', ')}\n`,
        );
      } finally {
        await database.close();
      }
    });
}
