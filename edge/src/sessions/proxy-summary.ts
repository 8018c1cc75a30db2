import { summarizeProxy, type ProxySummary } from '../../../shared/src/api/session-proxy.js';
import { unseal } from '../../../shared/src/crypto.js';

/** What answers show of a session's sealed proxy: its protocol and host, never the credentials.
 * One sealed under an older HOST_SHARED_SECRET is still shown as set (the host refuses to use it). */
export async function sealedProxySummary(hostSecret: string, sealed: string | null): Promise<ProxySummary> {
  if (!sealed) return null;
  const url = await unseal(hostSecret, sealed, 'proxy');
  return url ? summarizeProxy(url) : { set: true, protocol: 'unknown', host: 'unreadable (sealed under another HOST_SHARED_SECRET)' };
}
