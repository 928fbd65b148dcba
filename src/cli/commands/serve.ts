import { createLogger } from '../../main/create-logger.js';
import { configuredSecrets } from '../../config/configured-secrets.js';
import { startService } from '../../main/start-service.js';
import type { Command } from '../io.js';
import { withConfig } from '../with-config.js';

/** Runs the service until SIGINT/SIGTERM; shutdown never removes router entries. */
export const serveCommand: Command = (args, io) =>
  withConfig(
    args,
    io,
    {
      usage: 'banbridge serve [--config FILE]',
      help: {
        summary:
          'Runs the service: the HTTP API, the router workers and the reconciler, until SIGINT ' +
          'or SIGTERM. Shutdown never removes router entries. Refuses to start when another ' +
          'serve already uses the same store (STORE_LOCKED).',
      },
    },
    async (_parsed, { config }) => {
      const log = createLogger(
        config.log,
        process.stderr.isTTY === true,
        configuredSecrets(config),
      );
      process.on('unhandledRejection', (reason) => {
        log.error('unhandled rejection (bug; please report)', { error: String(reason) });
      });
      const service = await startService(config, log);
      io.stdout(`banbridge listening on ${service.url}\n`);
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          log.info('shutting down', { signal });
          resolve();
        };
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
      });
      await service.close();
      return 0;
    },
  );
