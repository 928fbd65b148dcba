import type { Principal } from '../principal.js';
import { html, type Html } from './html.js';

export interface PageFrame {
  title: string;
  /** Absent on the sign-in page. */
  principal?: Principal;
  csrf?: string;
  current?: 'lookup' | 'bans' | 'routers' | 'activity';
  /** Reload every N seconds (console.js). */
  refreshSeconds?: number;
}

const NAV: [PageFrame['current'], string, string][] = [
  ['lookup', '/ui/', 'Look up'],
  ['bans', '/ui/bans', 'Bans'],
  ['routers', '/ui/routers', 'Routers'],
  ['activity', '/ui/activity', 'Activity'],
];

/** Hidden CSRF field for every form that changes something. */
export function csrfField(csrf: string | undefined): Html {
  return html`<input type="hidden" name="_csrf" value="${csrf ?? ''}" />`;
}

/** The document around every page: our own CSS and JS only, no inline script or style. */
export function layout(frame: PageFrame, body: Html): Html {
  const user = frame.principal;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${frame.title} · banbridge</title>
<link rel="stylesheet" href="/ui/assets/console.css">
<script src="/ui/assets/console.js" defer></script>
</head>
<body${frame.refreshSeconds === undefined ? '' : html` data-refresh="${frame.refreshSeconds}"`}>
<header>
<span class="brand">banbridge</span>
${
  user === undefined
    ? ''
    : html`<nav>
          ${NAV.map(
            ([id, path, label]) =>
              html`<a
                href="${path}"
                ${id === frame.current ? html` class="current" aria-current="page"` : ''}
                >${label}</a
              >`,
          )}
        </nav>
        <form class="who" method="post" action="/ui/logout">
          ${csrfField(frame.csrf)}<span>${user.name} (${user.role})</span
          ><button type="submit">Sign out</button>
        </form>`
}
</header>
<main>
${body}
</main>
</body>
</html>
`;
}
