import { z } from 'zod';

const PROXY_PROTOCOLS = ['http:', 'https:', 'socks5:', 'socks5h:'];

/** A proxy URL as given (credentials included), checked: http(s) for HTTP CONNECT, socks5(h) for
 * SOCKS5; a host, and nothing after it. */
export const ProxyUrl = z
  .string({ error: 'proxy must be a URL such as http://user:pass@proxy.example:3128 or socks5://proxy.example:1080, or null' })
  .trim()
  .max(2048, 'proxy must be at most 2048 characters')
  .superRefine((value, ctx) => {
    const problem = proxyUrlProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: `proxy ${problem}` });
  })
  .nullable()
  .describe(
    "Outbound proxy for this session's WhatsApp connection and media: http(s)://[user:pass@]host:port (HTTP CONNECT) or " +
      'socks5://[user:pass@]host:port; null: direct. Write-only: answers show only its protocol and host.',
  );

function proxyUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute URL such as http://proxy.example:3128';
  }
  if (!PROXY_PROTOCOLS.includes(url.protocol)) return 'must start with http://, https://, socks5:// or socks5h://';
  if (!url.hostname) return 'must name a host';
  if ((url.pathname !== '' && url.pathname !== '/') || url.search || url.hash) return 'must be only scheme, credentials, host and port';
  return undefined;
}

/** What answers show of a proxy: that one is set, its protocol and host, never its credentials. */
export const ProxySummary = z
  .object({ set: z.literal(true), protocol: z.string().describe('http, https, socks5 or socks5h'), host: z.string().describe('host:port') })
  .nullable()
  .describe("The session's outbound proxy (credentials are never shown); null: direct");
export type ProxySummary = z.infer<typeof ProxySummary>;

export function summarizeProxy(url: string | null): ProxySummary {
  if (!url) return null;
  const parsed = new URL(url);
  return { set: true, protocol: parsed.protocol.slice(0, -1), host: parsed.host };
}
