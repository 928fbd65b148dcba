import type { Metrics } from '../metrics/metrics.js';
import type { Target } from '../targets/target.js';

/** Target calls that talk to the router, and their `operation` label. */
const TIMED: Record<string, string> = {
  add: 'add',
  remove: 'remove',
  removeIds: 'remove_ids',
  refresh: 'refresh',
  list: 'list',
  uptimeSeconds: 'uptime',
};

/**
 * The same target, with every router call timed into banbridge_router_operation_duration_seconds
 * (result `ok`, `partial` when some entries failed, `error` when the call threw). A Proxy, so
 * the worker sees the Target interface unchanged and members added to it later pass through.
 */
export function timedTarget(target: Target, metrics: Metrics): Target {
  return new Proxy(target, {
    get(inner, property) {
      const value: unknown = Reflect.get(inner, property);
      if (typeof value !== 'function') return value;
      const operation = typeof property === 'string' ? TIMED[property] : undefined;
      if (operation === undefined) return value.bind(inner);
      return async (...args: unknown[]) => {
        const stop = metrics.routerOpDuration.startTimer({ router: inner.name, operation });
        try {
          const result: unknown = await (value as (...a: unknown[]) => unknown).apply(inner, args);
          const failed =
            Array.isArray(result) && result.some((r) => (r as { ok?: boolean }).ok === false);
          stop({ result: failed ? 'partial' : 'ok' });
          return result;
        } catch (error) {
          stop({ result: 'error' });
          throw error;
        }
      };
    },
  });
}
