import { html } from '../html.js';

/**
 * The page a browser without a valid login gets (status 401): a form that goes through GET /login.
 * Unstyled: the stylesheet, like every route, needs the token.
 */
export function loginPage(base: string, failed: boolean, reload = false): ReturnType<typeof html> {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${reload ? html`<meta http-equiv="refresh" content="0">` : ''}
<title>Sign in · Atlas dashboard</title>
</head>
<body>
<main id="main" class="login">
<h1>Atlas dashboard</h1>
${failed ? html`<p class="error" role="alert">That token is not valid.</p>` : ''}
<form method="get" action="${base}login">
<p><label for="token">Access token</label>
<input id="token" name="token" type="password" autocomplete="off" required></p>
<p><button type="submit">Sign in</button></p>
</form>
<p class="hint">Or send <code>Authorization: Bearer &lt;token&gt;</code> with every request.</p>
</main>
</body>
</html>
`;
}
