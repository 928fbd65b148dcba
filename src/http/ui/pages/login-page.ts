import { html, type Html } from '../html.js';
import { layout } from '../layout.js';

/** Sign-in with a configured user's name and password (or token). */
export function loginPage(options: { problem?: string; name?: string; next?: string }): Html {
  return layout(
    { title: 'Sign in' },
    html`<div class="login card">
      <h1>Sign in</h1>
      ${options.problem === undefined ? '' : html`<div class="error" role="alert">${options.problem}</div>`}
      <form method="post" action="/ui/login">
        <input type="hidden" name="next" value="${options.next ?? '/ui/'}" />
        <label
          >User<input
            type="text"
            name="name"
            autocomplete="username"
            value="${options.name ?? ''}"
            maxlength="100"
            required
            autofocus
        /></label>
        <label
          >Password or token<input
            type="password"
            name="password"
            autocomplete="current-password"
            maxlength="1000"
            required
        /></label>
        <button type="submit">Sign in</button>
      </form>
      <p class="muted">The users are those under <code>users:</code> in the banbridge config.</p>
    </div>`,
  );
}
