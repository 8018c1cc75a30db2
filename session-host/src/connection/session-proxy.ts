import { eq } from 'drizzle-orm';
import https, { type Agent } from 'node:https';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { SocksProxyAgent } from 'socks-proxy-agent';
import { type Dispatcher, ProxyAgent, Socks5ProxyAgent } from 'undici';
import { unseal } from '../../../shared/src/crypto.js';
import { sessions } from '../../../shared/src/db/schema.js';
import type { HostDb } from '../db/client.js';

/** A session's proxy in the two forms its traffic needs: an http.Agent (the WebSocket, media
 * uploads, media links) and an undici dispatcher (Baileys' fetch of incoming media). */
export interface SessionProxy {
  agent: Agent;
  dispatcher: Dispatcher;
}

/** The proxy (HTTP CONNECT or SOCKS5) at `url`. TLS through the tunnel trusts exactly what this
 * process's direct HTTPS connections trust. */
export function sessionProxyFor(url: string): SessionProxy {
  const parsed = new URL(url);
  const ca = https.globalAgent.options.ca;
  const connectProxy = parsed.protocol === 'http:' || parsed.protocol === 'https:';
  const agent = connectProxy ? new HttpsProxyAgent(parsed, { keepAlive: true }) : new SocksProxyAgent(parsed);
  // Node merges an agent's `options` into each request's (HttpsProxyAgent empties them in its
  // constructor): the TLS opened inside the tunnel gets the CAs from there.
  if (ca) agent.options.ca = ca;
  const dispatcher = connectProxy ? new ProxyAgent({ uri: url, ...(ca ? { requestTls: { ca } } : {}) }) : new Socks5ProxyAgent(url);
  return { agent, dispatcher };
}

/** The session's proxy from its sealed URL: none, the proxy, or why it cannot be used. */
export async function sessionProxy(db: HostDb, sessionId: string, sealingSecret: string): Promise<{ proxy?: SessionProxy } | { error: string }> {
  const [row] = await db.select({ sealed: sessions.proxySealed }).from(sessions).where(eq(sessions.id, sessionId));
  if (!row?.sealed) return {};
  const url = await unseal(sealingSecret, row.sealed, 'proxy');
  if (!url) {
    return {
      error: "The session's proxy cannot be read (sealed under another HOST_SHARED_SECRET); not connecting without it. Set the proxy again.",
    };
  }
  return { proxy: sessionProxyFor(url) };
}
