import type { Child } from 'hono/jsx';
import { isPrivileged, type Principal } from '../auth/principal.js';

/** Sections: key, label, path, and whether only admins see it. */
const NAV = [
  ['overview', 'Overview', '/dashboard/overview', false],
  ['sessions', 'Sessions', '/dashboard/sessions', false],
  ['lists', 'Recipient lists', '/dashboard/lists', false],
  ['campaigns', 'Campaigns', '/dashboard/campaigns', false],
  ['api', 'API control center', '/dashboard/api', false],
  ['users', 'Users', '/dashboard/users', true],
  ['audit', 'Audit log', '/dashboard/audit', true],
  ['hosts', 'Hosts', '/dashboard/hosts', true],
] as const;

export type Section = (typeof NAV)[number][0];

function who(principal: Principal): string {
  if (principal.kind === 'admin') return `Admin ${principal.username}`;
  if (principal.kind === 'operator') return `Operator ${principal.username}`;
  if (principal.kind === 'session') return `Session ${principal.sessionId}`;
  return 'Master key';
}

/** The frame of every signed-in page. `data` becomes data-* attributes of <main> for the page's
 * script (which then loads everything else from /api/v1). */
export function Layout(props: {
  title: string;
  principal: Principal;
  active: Section;
  script: string;
  /** Stylesheets of the page's own, besides app.css (assets.ts). */
  styles?: string[];
  data?: Record<string, string>;
  children: Child;
}) {
  const data = Object.fromEntries(Object.entries(props.data ?? {}).map(([key, value]) => [`data-${key}`, value]));
  const sessionId = props.principal.kind === 'session' ? props.principal.sessionId : '';
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · wa-gateway`}</title>
        <link rel="stylesheet" href="/dashboard/assets/app.css" />
        {(props.styles ?? []).map((name) => (
          <link rel="stylesheet" href={`/dashboard/assets/${name}`} />
        ))}
        <link rel="icon" href="data:," />
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="top">
          <a class="brand" href="/dashboard/overview">
            wa-gateway
          </a>
          <nav aria-label="Dashboard">
            {NAV.filter(([, , , adminOnly]) => !adminOnly || isPrivileged(props.principal)).map(([key, label, href]) => (
              <a href={href} aria-current={props.active === key ? 'page' : undefined}>
                {label}
              </a>
            ))}
          </nav>
          <span class="who">{who(props.principal)}</span>
          <button type="button" id="logout" class="link">
            Sign out
          </button>
        </header>
        <main id="main" data-kind={props.principal.kind} data-own-session={sessionId} {...data}>
          <h1>{props.title}</h1>
          <p id="flash" role="status" aria-live="polite" class="flash" hidden></p>
          {props.children}
        </main>
        <script type="module" src={`/dashboard/assets/${props.script}`}></script>
      </body>
    </html>
  );
}
