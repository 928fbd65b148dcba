import { Router, type Request, type Response } from 'express';
import { BanbridgeError } from '../../core/errors.js';
import {
  auditView,
  explainAddress,
  type AddressExplanation,
} from '../../pipeline/explain-address.js';
import type { HttpDeps } from '../deps.js';
import { storeGuard } from '../store-errors.js';
import { activityPage } from './pages/activity-page.js';
import { bansPage, type BansFilter } from './pages/bans-page.js';
import { lookupPage } from './pages/lookup-page.js';
import { routersPage } from './pages/routers-page.js';
import { unbanPage } from './pages/unban-page.js';
import { requireAdminSession, sessionOf } from './require-session.js';
import { sendPage } from './send-page.js';

const PAGE_SIZE = 50;
const ACTIVITY_ROWS = 100;
const CHART_DAYS = 7;

/** Messages after a change (the redirect names one; nothing from the URL is shown). */
const NOTICES: Record<string, string> = {
  unbanned: 'The ban was lifted; the entry is being removed from every router.',
  banned: 'Reported: the decision is shown below.',
  sync: 'Reconciliation requested; each router shows the answer below when it comes.',
};

/** The notice a redirect named, or undefined (own keys only: `?done=constructor` is nothing). */
function noticeFor(done: string): string | undefined {
  return Object.hasOwn(NOTICES, done) ? NOTICES[done] : undefined;
}

function param(req: Request, name: string, max = 100): string {
  const value = req.query[name];
  return typeof value === 'string' ? value.trim().slice(0, max) : '';
}

/** The console's pages: look up, bans, routers, activity, and the unban confirmation. */
export function pageRoutes(deps: HttpDeps): Router {
  const router = Router();
  const { pipeline } = deps;
  const explain = (ip: string): Promise<AddressExplanation> =>
    storeGuard(() => explainAddress(pipeline, deps.keyOf, ip));

  router.get('/ui/', async (req: Request, res: Response) => {
    const session = sessionOf(res);
    const asked = param(req, 'ip');
    let explained: AddressExplanation | undefined;
    let problem: string | undefined;
    if (asked !== '') {
      try {
        explained = await explain(asked);
      } catch (error) {
        if (!(error instanceof BanbridgeError) || error.code !== 'IP_INVALID') throw error;
        problem = error.message;
      }
    }
    const notice = noticeFor(param(req, 'done'));
    sendPage(
      res,
      lookupPage({
        principal: session.principal,
        csrf: session.csrf,
        asked,
        ...(explained === undefined ? {} : { explained }),
        ...(problem === undefined ? {} : { problem }),
        ...(notice === undefined ? {} : { notice }),
        live: deps.workerStatus(),
        now: pipeline.now(),
      }),
    );
  });

  router.get('/ui/bans', async (req: Request, res: Response) => {
    const session = sessionOf(res);
    const familyText = param(req, 'family');
    const filter: BansFilter = {
      source: param(req, 'source'),
      family: familyText === '4' || familyText === '6' ? familyText : '',
      text: param(req, 'text'),
      after: param(req, 'after'),
    };
    const now = pipeline.now();
    const query = {
      ...(filter.source === '' ? {} : { source: filter.source }),
      ...(filter.family === '' ? {} : { family: Number(filter.family) as 4 | 6 }),
      ...(filter.text === '' ? {} : { text: filter.text }),
      now,
    };
    const [rows, total] = await storeGuard(() =>
      Promise.all([
        pipeline.store.banSearch.page({
          ...query,
          ...(filter.after === '' ? {} : { after: filter.after }),
          limit: PAGE_SIZE + 1,
        }),
        pipeline.store.banSearch.count(query),
      ]),
    );
    const page = rows.slice(0, PAGE_SIZE);
    const next = rows.length > PAGE_SIZE ? (page.at(-1)?.key ?? null) : null;
    sendPage(res, bansPage({ ...session, filter, rows: page, total, next, now }));
  });

  router.get('/ui/routers', async (req: Request, res: Response) => {
    const session = sessionOf(res);
    const routers = await storeGuard(async () => {
      const statuses = deps.workerStatus();
      // Sync requests are shown to admins only (routers-page.ts).
      const syncs =
        session.principal.role === 'admin'
          ? await pipeline.store.syncRequests.latest(statuses.map((s) => s.router))
          : new Map();
      return Promise.all(
        statuses.map(async (status) => ({
          status,
          open: await pipeline.store.outboxReads.open(status.router, 50),
          sync: syncs.get(status.router) ?? null,
        })),
      );
    });
    const notice = noticeFor(param(req, 'done'));
    sendPage(
      res,
      routersPage({
        ...session,
        routers,
        now: pipeline.now(),
        ...(notice === undefined ? {} : { notice }),
      }),
    );
  });

  router.get('/ui/activity', async (req: Request, res: Response) => {
    const session = sessionOf(res);
    const before = /^\d{1,15}$/.test(param(req, 'before'))
      ? Number(param(req, 'before'))
      : undefined;
    const now = pipeline.now();
    const since = now - CHART_DAYS * 86_400_000;
    const [latest, hourly] = await storeGuard(() =>
      Promise.all([
        pipeline.store.auditReads.latest(ACTIVITY_ROWS, before),
        pipeline.store.auditReads.acceptedPerHour(since, now),
      ]),
    );
    const rows = latest.map((row) => ({ ...auditView(row), id: row.id }));
    sendPage(res, activityPage({ ...session, rows, hourly, since, days: CHART_DAYS, now }));
  });

  router.get('/ui/unban', requireAdminSession, async (req: Request, res: Response) => {
    const session = sessionOf(res);
    const explained = await explain(param(req, 'ip'));
    if (explained.state !== 'banned') {
      throw new BanbridgeError('NOT_FOUND', `no active ban for ${explained.key}`, { field: 'ip' });
    }
    sendPage(res, unbanPage(session.principal, session.csrf, explained, pipeline.routers));
  });

  return router;
}
