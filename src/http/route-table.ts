/** The API's route modules (src/http/routes): each /v1/ route is served by one of them. */
export type ApiArea = 'bans' | 'graylog' | 'fail2ban' | 'status' | 'blocklist';

export interface RouteEntry {
  route: string;
  pattern: RegExp;
  methods: readonly string[];
  /** The route module that serves it; none for the paths outside /v1/. */
  area?: ApiArea;
}

/**
 * The API's paths and their methods: a known path with another method is 405, not 404, and
 * the `route` label of the HTTP metrics is the pattern, never the raw path (bounded label
 * values whatever a client sends).
 */
export const ROUTES: readonly RouteEntry[] = [
  { route: '/healthz', pattern: /^\/healthz$/, methods: ['GET', 'HEAD'] },
  { route: '/readyz', pattern: /^\/readyz$/, methods: ['GET', 'HEAD'] },
  { route: '/metrics', pattern: /^\/metrics$/, methods: ['GET', 'HEAD'] },
  { route: '/v1/status', pattern: /^\/v1\/status$/, methods: ['GET', 'HEAD'], area: 'status' },
  {
    route: '/v1/bans',
    pattern: /^\/v1\/bans$/,
    methods: ['GET', 'HEAD', 'POST'],
    area: 'bans',
  },
  {
    route: '/v1/bans/{ip}',
    pattern: /^\/v1\/bans\/[^/]+$/,
    methods: ['GET', 'HEAD', 'DELETE'],
    area: 'bans',
  },
  { route: '/v1/graylog', pattern: /^\/v1\/graylog$/, methods: ['POST'], area: 'graylog' },
  {
    route: '/v1/fail2ban/ban',
    pattern: /^\/v1\/fail2ban\/ban$/,
    methods: ['POST'],
    area: 'fail2ban',
  },
  {
    route: '/v1/fail2ban/unban',
    pattern: /^\/v1\/fail2ban\/unban$/,
    methods: ['POST'],
    area: 'fail2ban',
  },
  { route: '/v1/sync', pattern: /^\/v1\/sync$/, methods: ['POST'], area: 'status' },
  {
    route: '/v1/sync/{id}',
    pattern: /^\/v1\/sync\/[^/]+$/,
    methods: ['GET', 'HEAD'],
    area: 'status',
  },
  {
    route: '/v1/blocklist',
    pattern: /^\/v1\/blocklist$/,
    methods: ['GET', 'HEAD'],
    area: 'blocklist',
  },
];

export function findRoute(path: string): RouteEntry | undefined {
  return ROUTES.find((r) => r.pattern.test(path));
}

/**
 * The operator console's paths, for the metrics label only: the console answers its own 404s
 * and wrong methods (src/http/ui), so these never decide a 405 the way ROUTES does.
 */
const CONSOLE_ROUTES: readonly { route: string; pattern: RegExp }[] = [
  { route: '/', pattern: /^\/$/ },
  { route: '/favicon.ico', pattern: /^\/favicon\.ico$/ },
  { route: '/ui/', pattern: /^\/ui\/?$/ },
  ...['bans', 'routers', 'activity', 'login', 'logout', 'ban', 'unban', 'sync'].map((page) => ({
    route: `/ui/${page}`,
    pattern: new RegExp(`^/ui/${page}$`),
  })),
  { route: '/ui/assets/*', pattern: /^\/ui\/assets\/[^/]+$/ },
];

/** The metrics label for a path: its route pattern, or `unmatched`. */
export function routeLabel(path: string): string {
  return (
    findRoute(path)?.route ?? CONSOLE_ROUTES.find((r) => r.pattern.test(path))?.route ?? 'unmatched'
  );
}
