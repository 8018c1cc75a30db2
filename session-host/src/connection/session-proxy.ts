import { eq } from 'drizzle-orm';
import https, { type Agent } from 'node:https';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { SocksProxyAgent } from 'socks-proxy-agent';
import { unseal } from '../../../shared/src/crypto.js';
import { sessions } from '../../../shared/src/db/schema.js';
import type { HostDb } from '../db/client.js';

/** The agent that sends a session's traffic through its proxy (HTTP CONNECT or SOCKS5). TLS
 * through the tunnel trusts exactly what this process's direct HTTPS connections trust. */
export function proxyAgent(url: string): Agent {
  const parsed = new URL(url);
  const ca = https.globalAgent.options.ca;
  const agent = parsed.protocol === 'http:' || parsed.protocol === 'https:' ? new HttpsProxyAgent(parsed, { keepAlive: true }) : new SocksProxyAgent(parsed);
  // Node merges an agent's `options` into each request's (HttpsProxyAgent empties them in its
  // constructor): the TLS opened inside the tunnel gets the CAs from there.
  if (ca) agent.options.ca = ca;
  return agent;
}

/** The session's proxy from its sealed URL: none, an agent, or why it cannot be used. */
export async function sessionProxyAgent(db: HostDb, sessionId: string, sealingSecret: string): Promise<{ agent?: Agent } | { error: string }> {
  const [row] = await db.select({ sealed: sessions.proxySealed }).from(sessions).where(eq(sessions.id, sessionId));
  if (!row?.sealed) return {};
  const url = await unseal(sealingSecret, row.sealed, 'proxy');
  if (!url) {
    return {
      error: "The session's proxy cannot be read (sealed under another HOST_SHARED_SECRET); not connecting without it. Set the proxy again.",
    };
  }
  return { agent: proxyAgent(url) };
}
