import type { PipelineContext } from './context.js';

/** One recorded sync request: its id answers GET /v1/sync/{id} and the console. */
export interface SyncRequested {
  router: string;
  id: number;
}

/**
 * Asks the instances driving these routers to reconcile now (POST /v1/sync, the console):
 * one request per router, recorded together, then the workers are woken (here, and on other
 * instances by NOTIFY). The driving instance answers each with its summary or its error;
 * store/sync-requests.ts.
 */
export async function requestSync(
  ctx: PipelineContext,
  routers: readonly string[],
  by: string,
): Promise<SyncRequested[]> {
  const ids = await ctx.store.transaction(() => ctx.store.syncRequests.askAll(routers, by, false));
  ctx.onQueued();
  return routers.map((router, i) => ({ router, id: ids[i] as number }));
}
