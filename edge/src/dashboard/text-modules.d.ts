// The dashboard's browser files are bundled into the worker as text: wrangler (and Miniflare in
// tests, see scripts/edge-worker.ts) load `*.txt` as Text modules.
declare module '*.txt' {
  const text: string;
  export default text;
}
