/** Where an invite or reset link lands: the token stays in the URL fragment (the page's script
 * reads it; it never reaches a server log), the user chooses a password, then signs in. */
export function InvitePage() {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Set your password · wa-gateway</title>
        <link rel="stylesheet" href="/dashboard/assets/app.css" />
        <link rel="icon" href="data:," />
      </head>
      <body>
        <main id="main" class="narrow">
          <h1>Set your password</h1>
          <p id="flash" role="alert" class="flash" hidden></p>
          <form id="accept-invite" class="card stack">
            <p class="muted">The admin sent you this one-time link. Choose a password of at least 12 characters.</p>
            <label for="new-password">New password</label>
            <input id="new-password" name="password" type="password" autocomplete="new-password" minlength={12} maxlength={1000} required />
            <label for="repeat-password">Repeat the password</label>
            <input id="repeat-password" name="repeat" type="password" autocomplete="new-password" minlength={12} maxlength={1000} required />
            <button type="submit">Set password</button>
          </form>
          <p id="signin" hidden>
            <a href="/dashboard/login">Sign in</a>
          </p>
        </main>
        <script type="module" src="/dashboard/assets/invite.js"></script>
      </body>
    </html>
  );
}
