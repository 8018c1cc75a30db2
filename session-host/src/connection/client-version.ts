// The WhatsApp Web version the sessions announce. WhatsApp retires old versions now and then and
// answers them `<failure reason='405'/>` at login, every session at once; retrying with the same
// version only loops. Which versions were refused is remembered host-wide, so one session's 405
// moves them all to the next version they know.
import { DEFAULT_CONNECTION_CONFIG, type WAVersion } from '@whiskeysockets/baileys';

const VERSION_PATTERN = /^(\d{1,4})\.(\d{1,6})\.(\d{1,12})$/;

/** `2.3000.1023456789` → [2, 3000, 1023456789]; undefined when it is not that shape. */
export function parseWaVersion(text: string): WAVersion | undefined {
  const match = VERSION_PATTERN.exec(text.trim());
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

export const formatWaVersion = (version: WAVersion): string => version.join('.');

const compare = (a: WAVersion, b: WAVersion): number => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** What happened after a refusal: the version to try next, or none newer being known. */
export type AfterRefusal = { next: WAVersion } | { next: undefined };

export class ClientVersions {
  private readonly known: WAVersion[];
  private readonly refusedVersions = new Set<string>();

  /** `configured` (WA_VERSION) comes first; Baileys' own version is the newer one known besides. */
  constructor(
    private readonly configured: WAVersion | undefined,
    bundled: WAVersion = DEFAULT_CONNECTION_CONFIG.version,
  ) {
    this.known = [configured, bundled].filter((v): v is WAVersion => v !== undefined).sort(compare);
  }

  /** The version a new socket announces: the configured one until WhatsApp refuses it, then the
   * next newer one known that it has not refused. When every one was refused, the configured one
   * (or the newest) again: only the operator can name a newer one then. */
  current(): WAVersion {
    const floor = this.configured ?? this.known[0]!;
    const usable = this.known.find((v) => compare(v, floor) >= 0 && !this.isRefused(v));
    return usable ?? this.configured ?? this.known.at(-1)!;
  }

  /** WhatsApp refused `version`: remembered, and the next one to try, if a newer one is known. */
  refused(version: WAVersion): AfterRefusal {
    this.refusedVersions.add(formatWaVersion(version));
    const next = this.known.find((v) => compare(v, version) > 0 && !this.isRefused(v));
    return { next };
  }

  private isRefused(version: WAVersion): boolean {
    return this.refusedVersions.has(formatWaVersion(version));
  }
}
