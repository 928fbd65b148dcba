import { Router, type Request, type Response } from 'express';
import { Ajv } from 'ajv';
import { parseDuration } from '../../core/duration.js';
import { BanbridgeError } from '../../core/errors.js';
import { explainAddress } from '../../pipeline/explain-address.js';
import { report } from '../../pipeline/report.js';
import { withdraw } from '../../pipeline/withdraw.js';
import { banView } from '../ban-view.js';
import { body } from '../body.js';
import { addressJson } from '../explanation-json.js';
import type { HttpDeps } from '../deps.js';
import { principalOf } from '../principal.js';
import { replyToReport } from '../reply.js';
import { storeGuard } from '../store-errors.js';

const ajv = new Ajv({ allErrors: false });
const validateBan = ajv.compile<{ ip: string; reason?: string; duration?: string | number }>({
  type: 'object',
  additionalProperties: false,
  required: ['ip'],
  properties: {
    ip: { type: 'string', minLength: 1, maxLength: 100 },
    reason: { type: 'string', maxLength: 200 },
    duration: {
      anyOf: [
        { type: 'string', maxLength: 32 },
        { type: 'integer', minimum: 1 },
      ],
    },
  },
});

/** The generic API: POST/DELETE/GET /v1/bans. */
export function bansRoutes(deps: HttpDeps): Router {
  const router = Router();
  const limit = deps.config.listen.body_limit;

  router.post('/v1/bans', ...body(['json'], limit), async (req: Request, res: Response) => {
    const principal = principalOf(res);
    const input: unknown = req.body;
    if (!validateBan(input)) {
      const e = validateBan.errors?.[0];
      const field =
        e?.keyword === 'additionalProperties'
          ? String(e.params.additionalProperty)
          : e?.instancePath.slice(1) || 'body';
      const what =
        e?.keyword === 'additionalProperties'
          ? 'is not a known field (ip, reason, duration)'
          : e?.keyword === 'required'
            ? ''
            : (e?.message ?? 'is invalid');
      throw new BanbridgeError(
        'VALIDATION_FAILED',
        e?.keyword === 'required'
          ? 'ip is required: {"ip": "45.155.205.233", "reason": "...", "duration": "24h"}'
          : `${field} ${what}`,
        { field: e?.keyword === 'required' ? 'ip' : field },
      );
    }
    const durationMs =
      input.duration === undefined
        ? undefined
        : typeof input.duration === 'number'
          ? input.duration * 1000
          : parseDuration(input.duration, 'duration');
    const judged = deps.pipeline.judge(input.ip);
    if (!judged.ok && judged.code === 'IP_INVALID') {
      throw new BanbridgeError('IP_INVALID', judged.message, { field: 'ip' });
    }
    const result = await storeGuard(() =>
      report(deps.pipeline, { credential: principal.name, detector: 'api' }, [
        {
          ip: input.ip,
          ...(input.reason === undefined ? {} : { reason: input.reason }),
          ...(durationMs === undefined ? {} : { durationMs }),
        },
      ]),
    );
    deps.metrics.countDecisions('api', result.decisions);
    replyToReport(res, result);
  });

  router.delete('/v1/bans/:ip', async (req: Request, res: Response) => {
    const principal = principalOf(res);
    const { key } = deps.keyOf(String(req.params.ip));
    const result = await storeGuard(() =>
      withdraw(
        deps.pipeline,
        { credential: principal.name, detector: 'api', admin: principal.role === 'admin' },
        key,
      ),
    );
    res.status(200).json(result);
  });

  router.get('/v1/bans', async (req: Request, res: Response) => {
    const q = req.query;
    const one = (name: string): string | undefined => {
      const v = q[name];
      if (v === undefined) return undefined;
      if (typeof v !== 'string')
        throw new BanbridgeError('VALIDATION_FAILED', `${name} must be given once`, {
          field: name,
        });
      return v;
    };
    const state = one('state') ?? 'active';
    if (!['active', 'ended', 'all'].includes(state)) {
      throw new BanbridgeError('VALIDATION_FAILED', 'state must be active, ended or all', {
        field: 'state',
      });
    }
    const familyText = one('family');
    if (familyText !== undefined && familyText !== '4' && familyText !== '6') {
      throw new BanbridgeError('VALIDATION_FAILED', 'family must be 4 or 6', { field: 'family' });
    }
    const limitText = one('limit') ?? '100';
    const pageSize = /^\d{1,4}$/.test(limitText) ? Number(limitText) : NaN;
    if (!(pageSize >= 1 && pageSize <= 1000)) {
      throw new BanbridgeError('VALIDATION_FAILED', 'limit must be an integer from 1 to 1000', {
        field: 'limit',
      });
    }
    const source = one('source');
    const prefix = one('prefix');
    const after = one('after');
    const now = deps.pipeline.now();
    const store = deps.pipeline.store;
    const rows = await storeGuard(() =>
      store.bans.query({
        limit: pageSize + 1,
        ...(state === 'all' ? {} : { active: state === 'active' }),
        ...(familyText === undefined ? {} : { family: Number(familyText) as 4 | 6 }),
        ...(source === undefined ? {} : { source }),
        ...(prefix === undefined ? {} : { prefix }),
        ...(after === undefined ? {} : { after }),
      }),
    );
    const page = rows.slice(0, pageSize);
    res.json({
      bans: await Promise.all(
        page.map(async (b) => banView(b, await store.bans.claims(b.key), now)),
      ),
      next: rows.length > pageSize ? (page.at(-1)?.key ?? null) : null,
    });
  });

  // One address, banned or not: the ban, its claims, and every refused report with why.
  router.get('/v1/bans/:ip', async (req: Request, res: Response) => {
    const explained = await storeGuard(() =>
      explainAddress(deps.pipeline, deps.keyOf, String(req.params.ip)),
    );
    const answer = await storeGuard(() => addressJson(deps.pipeline, explained));
    if (answer.ban === null && explained.history.length === 0) {
      throw new BanbridgeError(
        'NOT_FOUND',
        `${explained.key} was never reported${explained.judgement.ok ? '' : ` (${explained.judgement.message})`}`,
        { field: 'ip' },
      );
    }
    res.json(answer);
  });

  return router;
}
