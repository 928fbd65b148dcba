/**
 * vitest globalSetup of the `postgres` project (vitest.config.ts): one private cluster for
 * the run, its admin URL handed to the tests with provide/inject, stopped at the end.
 */
import type { TestProject } from 'vitest/node';
import { startPostgres, type PgCluster } from './postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

let cluster: PgCluster | undefined;

export async function setup(project: TestProject): Promise<void> {
  cluster = await startPostgres();
  project.provide('pgAdminUrl', cluster.adminUrl);
}

export async function teardown(): Promise<void> {
  await cluster?.stop();
}
