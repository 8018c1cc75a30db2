/** The sign-in page: admin user name and password, or a session's token. */
export function LoginPage(props: { adminEnabled: boolean; next: string }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Sign in · wa-gateway</title>
        <link rel="stylesheet" href="/dashboard/assets/app.css" />
        <link rel="icon" href="data:," />
      </head>
      <body>
        <main id="main" class="narrow" data-next={props.next}>
          <h1>wa-gateway dashboard</h1>
          <p id="flash" role="alert" class="flash error" hidden></p>
          <form id="admin-login" class="card stack">
            <h2>Admin or operator</h2>
            {props.adminEnabled ? null : (
              <p class="muted">Sign-in as ADMIN_USERNAME is not configured (ADMIN_PASSWORD is unset); accounts the admin made still work.</p>
            )}
            <label for="username">User name</label>
            <input id="username" name="username" autocomplete="username" required />
            <label for="password">Password</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required />
            <button type="submit">Sign in with password</button>
          </form>
          <form id="token-login" class="card stack">
            <h2>One session</h2>
            <p class="muted">Sign in with a session's API token to manage that session only.</p>
            <label for="token">Session token</label>
            <input id="token" name="token" type="password" autocomplete="off" required />
            <button type="submit">Sign in with token</button>
          </form>
        </main>
        <script type="module" src="/dashboard/assets/login.js"></script>
      </body>
    </html>
  );
}
