import closeWithGrace from 'close-with-grace';
import type { Command } from 'commander';
import { loadConfig } from '../../config/env.ts';
import { removeAbandonedUploads } from '../../http/abandoned-uploads.ts';
import { buildApp } from '../../http/app.ts';
import { createLogger } from '../../logger.ts';
import { openReadyDatabase } from '../../services/bootstrap.ts';
import { installDemoWork } from '../../services/demo-work.ts';
import { createDemoAccounts, type DemoAccount } from '../../services/identity/demo-accounts.ts';

function demoAccountsNotice(accounts: readonly DemoAccount[]): string {
  const width = Math.max(...accounts.map((account) => account.email.length));
  return [
    'Demo accounts created on this new database (shown once; for trying Assure out, never for real use):',
    ...accounts.map((account) => `  ${account.email.padEnd(width)}  ${account.password}  ${account.role}`),
    '',
  ].join('\n');
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('start the web application and API (on the embedded database unless DATABASE_URL is set)')
    .option('-p, --port <port>', 'port to listen on (default: PORT or 3000)')
    .action(async (options: { port?: string }) => {
      const config = loadConfig(options.port === undefined ? process.env : { ...process.env, PORT: options.port });
      const logger = createLogger(config.logLevel);
      const { database, migrated, seeded } = await openReadyDatabase(config, 'assure serve');
      logger.info({ engine: database.engine, location: database.location, migrated, seeded }, 'database ready');
      // A newcomer can try every role; production never gets accounts whose passwords were printed to a terminal.
      const demoAccounts = config.nodeEnv === 'production' ? [] : await createDemoAccounts(database.db, { now: new Date() });
      // The demo round and cases are the demo accounts' work, so only on the start that created them.
      if (demoAccounts.length > 0) await installDemoWork(database.db);
      const abandoned = await removeAbandonedUploads(new Date());
      if (abandoned > 0) logger.info({ removed: abandoned }, 'removed upload folders left by imports that never finished');
      const app = await buildApp({ db: database.db, engine: database.engine, logger, security: { behindTls: config.behindTls }, trustProxy: config.trustProxy, runJobs: true });
      // In-flight requests finish before the database closes; a second signal or 10 s forces the exit.
      closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
        if (err !== undefined) logger.error({ err }, 'shutting down after an error');
        else logger.info({ signal }, 'shutting down');
        await app.close();
        await database.close();
      });
      await app.listen({ port: config.port, host: config.host });
      const address = app.server.address();
      const port = typeof address === 'object' && address !== null ? address.port : config.port;
      const host = config.host === '127.0.0.1' || config.host === '0.0.0.0' ? 'localhost' : config.host;
      if (demoAccounts.length > 0) process.stdout.write(demoAccountsNotice(demoAccounts));
      process.stdout.write(`Assure is running at http://${host}:${port}/ (${database.engine}: ${database.location})\n`);
    });
}
