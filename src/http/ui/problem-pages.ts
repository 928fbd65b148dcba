import type { NextFunction, Request, Response } from 'express';
import type { Html } from './html.js';
import type { Session } from './sessions.js';
import { errorPage } from './pages/error-page.js';

export interface ProblemFields {
  status: number;
  code: string;
  detail: string;
}

/** A page to show instead of the generic error page (the sign-in form shows its own). */
export function renderProblemWith(res: Response, render: (p: ProblemFields) => Html): void {
  res.locals.problemPage = render;
}

/**
 * Problems reach the console through the same sendProblem as the API (the auth throttle,
 * thrown BanbridgeErrors, the app's error handler); a person gets them as a page, with the
 * same status code. WWW-Authenticate is dropped so the browser shows no Basic-auth dialog.
 */
export function problemPages(_req: Request, res: Response, next: NextFunction): void {
  const json = res.json.bind(res);
  res.json = (body: unknown) => {
    const type = String(res.get('Content-Type') ?? '');
    if (!type.startsWith('application/problem+json')) return json(body);
    res.removeHeader('WWW-Authenticate');
    const problem = body as ProblemFields;
    const custom = res.locals.problemPage as ((p: ProblemFields) => Html) | undefined;
    const session = res.locals.session as Session | undefined;
    const page = custom?.(problem) ?? errorPage(problem, session?.principal, session?.csrf);
    return res.type('html').send(page.text);
  };
  next();
}
