import type { Context } from 'hono';
import { renderSVG } from 'uqr';

/** POST /dashboard/qr: the body's text (a pairing QR payload from GET /api/v1/sessions) as an SVG
 * image. A pure encoder: it reads nothing, so the QR still comes through the public API. */
export async function qrImage(c: Context): Promise<Response> {
  const text = await c.req.text();
  if (!text || text.length > 2048) return c.json({ status: 'error', message: 'Send the QR text (1-2048 characters) as the body.' }, 400);
  const svg = renderSVG(text, { border: 2 });
  // An intrinsic size, so the browser knows the image's dimensions (uqr writes only a viewBox).
  const size = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
  const sized = size ? svg.replace('<svg ', `<svg width="${size[1]}" height="${size[2]}" `) : svg;
  return c.body(sized, 200, { 'content-type': 'image/svg+xml', 'cache-control': 'no-store' });
}
