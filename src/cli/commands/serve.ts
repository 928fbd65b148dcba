import { createLogger } from '../../main/create-logger.js';
import { startService } from '../../main/start-service.js';
import { parse } from '../args.js';
import type { Command } from '../io.js';
import { loadForCli } from '../load-for-cli.js';

const USAGE = 'banbridge serve [--config FILE]';

/** Runs the service until SIGINT/SIGTERM; shutdown never removes router entries. */
export const serveCommand: Command = async (args, io) => {
  const { values } = parse(args, { config: { type: 'string', short: 'c' } }, USAGE);
  if (values.help === true) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const loaded = loadForCli(values.config, io);
  if (loaded === undefined) return 1;
  const log = createLogger(loaded.config.log, process.stderr.isTTY === true);
  process.on('unhandledRejection', (reason) => {
    log.error('unhandled rejection (bug; please report)', { error: String(reason) });
  });
  const service = await startService(loaded.config, log);
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
};
