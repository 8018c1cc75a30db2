import { createRequire } from 'node:module';
import { pino, type Logger, type LoggerOptions } from 'pino';

export type LogFormat = 'auto' | 'pretty' | 'json';

export interface LoggerSettings {
  level: LoggerOptions['level'];
  /** auto: pretty when stdout is a terminal, JSON lines otherwise (files, pipes, log shippers). */
  format: LogFormat;
  base?: Record<string, unknown>;
}

/** The process logger: JSON lines for machines, or pino-pretty's coloured lines for a person
 * reading a terminal. pino-pretty runs as pino's own transport (a worker thread), so formatting
 * never slows the event loop; where it is not installed, lines stay JSON. */
export function createLogger(settings: LoggerSettings, isTerminal = Boolean(process.stdout.isTTY)): Logger {
  const options: LoggerOptions = { level: settings.level, ...(settings.base ? { base: settings.base } : {}) };
  const pretty = settings.format === 'pretty' || (settings.format === 'auto' && isTerminal);
  if (!pretty || !prettyInstalled()) return pino(options);
  return pino({
    ...options,
    transport: {
      target: 'pino-pretty',
      // Colours only where a terminal shows them; LOG_FORMAT=pretty into a file stays plain text.
      // One line per entry: which process and part said it, the message, then the fields.
      options: {
        colorize: isTerminal,
        translateTime: 'SYS:HH:MM:ss.l',
        singleLine: true,
        messageFormat: '{if service}{service}{end}{if component}/{component}{end}{if sessionId} [{sessionId}]{end} {msg}',
        ignore: 'pid,hostname,service,component,sessionId',
      },
    },
  });
}

function prettyInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}
