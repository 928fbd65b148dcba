import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { storeLocation } from '../config/store-location.js';
import type { Config } from '../config/types.js';
import { parseDuration } from '../core/duration.js';
import type { Log } from '../core/logger.js';
import { createApp } from '../http/app.js';
import { Metrics } from '../metrics/metrics.js';
import type { PipelineContext } from '../pipeline/context.js';
import { acquireServeLock } from '../store/serve-lock.js';
import { Store } from '../store/store.js';
import type { Target } from '../targets/target.js';
import { RouterWorker } from '../worker/router-worker.js';
import { LeaseKeeper } from '../worker/lease-keeper.js';
import type { LeaseOptions } from '../worker/lease-renewal.js';
import { WorkerPool } from '../worker/worker-pool.js';
import { instanceName } from './instance-name.js';
import { allowlistResolver } from './allowlist-resolver.js';
import { liftAllowlisted } from '../pipeline/lift-allowlisted.js';
import { keyOf } from './build-policy.js';
import { buildPipeline } from './build-pipeline.js';
import { createTargets } from './create-targets.js';
import { timedTarget } from './timed-target.js';
import { FIRST_REQUEST_MS, limitConnections } from './connection-limits.js';
import { workerOptions } from './worker-options.js';

export interface RunningService {
  url: string;
  port: number;
  store: Store;
  pool: WorkerPool;
  pipeline: PipelineContext;
  /** Stops accepting, finishes the current router batch, closes; never unbans anything. */
  close(): Promise<void>;
}

export interface ServiceOptions {
  now?: () => number;
  /** Replaces the targets made from config (tests, demo). */
  targets?: Target[];
  /** Worker tuning for tests (probe interval, batch size). */
  probeIntervalMs?: number;
  /** Router lease timing (tests); default DEFAULT_LEASE. */
  lease?: LeaseOptions;
  /** Connection limits (tests); default FIRST_REQUEST_MS, MAX_CONNECTIONS. */
  connections?: { firstRequestMs?: number; maxConnections?: number };
}

/**
 * The composition root: config → store → policy → targets → workers → HTTP. It only wires
 * (no logic of its own, no globals or singletons); every part gets what it needs passed in.
 */
export async function startService(
  config: Config,
  log: Log,
  options: ServiceOptions = {},
): Promise<RunningService> {
  const now = options.now ?? Date.now;
  // Before opening: a second serve on the same SQLite file must not touch it (nor the
  // routers). Instances on one PostgreSQL store share it on purpose: router leases decide.
  const location = storeLocation(config);
  const lock =
    'path' in location && location.path !== ':memory:'
      ? acquireServeLock(location.path)
      : undefined;
  const instance = instanceName();
  let store: Store;
  try {
    store = await Store.open(location, { servingAs: instance });
  } catch (error) {
    lock?.release();
    throw error;
  }
  const resolver = allowlistResolver(config, log);
  await resolver.start();
  const metrics = new Metrics();
  const targets = (options.targets ?? createTargets(config, log)).map((t) =>
    timedTarget(t, metrics),
  );
  // The pipeline wakes the pool, which needs the pipeline: tie the knot through a holder.
  const holder: { pool?: WorkerPool } = {};
  const pipeline: PipelineContext = buildPipeline(
    config,
    store,
    () => resolver.allowlist,
    log,
    now,
    targets.map((t) => t.name),
    () => {
      holder.pool?.wake();
      store.notifyQueued().catch(() => undefined);
    },
  );
  const workers = targets.map(
    (target) =>
      new RouterWorker(
        target,
        store,
        {
          ...workerOptions(config, target.name),
          instance,
          ...(options.probeIntervalMs === undefined
            ? {}
            : { probeIntervalMs: options.probeIntervalMs }),
        },
        log,
        metrics,
        now,
      ),
  );
  // Allowlisting an address unblocks it everywhere: at start, and whenever DNS changes it.
  await liftAllowlisted(pipeline, resolver.allowlist);
  resolver.onChange((allowlist) => {
    liftAllowlisted(pipeline, allowlist).catch((error: unknown) => {
      log.error('could not lift newly allowlisted bans', { error: String(error) });
    });
  });
  const workerPool = new WorkerPool(
    workers,
    pipeline,
    log,
    parseDuration(config.store.audit_retention, 'store.audit_retention'),
    undefined,
    // Instances sharing PostgreSQL take turns per router through leases; on SQLite (one
    // serve per file, the serve lock) the lease keeps `banbridge sync` from writing too.
    new LeaseKeeper(store, workers, instance, log, options.lease),
  );
  holder.pool = workerPool;
  // Work queued by another instance on the same store (PostgreSQL LISTEN/NOTIFY).
  const unlisten = store.onQueued(() => workerPool.wake());

  const app = createApp({
    config,
    pipeline,
    keyOf: keyOf(config.policy.ipv6_prefix),
    log,
    metrics,
    workerStatus: () => workerPool.status(),
  });
  const tls = config.listen.tls;
  const server: Server = tls
    ? createHttpsServer(
        {
          cert: readFileSync(tls.cert_file),
          key: readFileSync(tls.key_file),
          handshakeTimeout: FIRST_REQUEST_MS,
        },
        app,
      )
    : createHttpServer(app);
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  server.keepAliveTimeout = 5_000;
  limitConnections(server, log, { tls: Boolean(tls), ...options.connections });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.listen.port, config.listen.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    // e.g. EADDRINUSE: let go of the store and its lock, so a retry in-process can start.
    resolver.stop();
    await Promise.all(targets.map((t) => t.close()));
    // Closed before the lock goes: the next holder must not meet our connections.
    await store.close().catch(() => undefined);
    lock?.release();
    throw error;
  }
  // After listen, errors (e.g. EMFILE when accepting under a flood) are logged, never fatal.
  server.on('error', (error) => log.error('HTTP server error', { error: String(error) }));
  const port = (server.address() as AddressInfo).port;
  const host = config.listen.host.includes(':') ? `[${config.listen.host}]` : config.listen.host;
  const url = `${tls ? 'https' : 'http'}://${host}:${port}`;
  workerPool.start();
  log.info('banbridge listening', {
    url,
    routers: pipeline.routers,
    store: store.location,
    instance,
  });

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    store,
    pool: workerPool,
    pipeline,
    close: () =>
      (closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        resolver.stop();
        unlisten();
        // Let the current router batch finish; after a grace period close the connections,
        // which rejects whatever is still in flight (it stays queued for the next start).
        const stopped = workerPool.stop();
        const grace = new Promise<'late'>((resolve) =>
          setTimeout(() => resolve('late'), 10_000).unref(),
        );
        if ((await Promise.race([stopped, grace])) === 'late') {
          log.warn('router batch still running after 10 s; closing the connections');
        }
        await Promise.all(targets.map((t) => t.close()));
        await stopped;
        await store.close();
        lock?.release();
        log.info('banbridge stopped; router entries left in place');
      })()),
  };
}
