import type { Response } from 'express';
import type { Html } from './html.js';

export function sendPage(res: Response, page: Html, status = 200): void {
  res.status(status).type('html').send(page.text);
}
