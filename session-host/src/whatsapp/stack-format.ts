// Baileys reads `new Error().stack` for every frame it writes to WhatsApp (promiseTimeout and
// delayCancellable keep it for a timeout message that is almost never shown). With source maps on
// (tsx turns them on), Node maps every frame of every such stack through a source map: a profile of
// warm sends had ~6 % of the host's CPU there. This writes the same text Node does, but maps only
// the frames of our own TypeScript, whose compiled positions would otherwise be unreadable.
import { findSourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

export function installStackFormat(): void {
  Error.prepareStackTrace = (error: unknown, frames: NodeJS.CallSite[]) => {
    const head = headerOf(error);
    return frames.length === 0 ? head : `${head}\n    at ${frames.map(formatFrame).join('\n    at ')}`;
  };
}

function headerOf(error: unknown): string {
  try {
    return Error.prototype.toString.call(error);
  } catch {
    return 'Error';
  }
}

function formatFrame(frame: NodeJS.CallSite): string {
  const file = frame.getFileName();
  const line = frame.getLineNumber();
  const column = frame.getColumnNumber();
  // Dependencies ship JavaScript: their compiled positions are their real ones.
  if (!file || file.includes('/node_modules/') || line === null || column === null) return String(frame);
  const entry = findSourceMap(file)?.findEntry(line - 1, column - 1);
  if (!entry || !('originalSource' in entry)) return String(frame);
  const source = entry.originalSource.startsWith('file://') ? fileURLToPath(entry.originalSource) : entry.originalSource;
  const name = frame.getFunctionName() ?? frame.getMethodName() ?? '<anonymous>';
  // The same text Node writes for a mapped frame.
  return `${frame.isAsync() ? 'async ' : ''}${name} (${source}:${entry.originalLine + 1}:${entry.originalColumn + 1})`;
}
