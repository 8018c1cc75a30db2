import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { ApiError } from '../../errors.js';
import { errorResponses } from '../router.js';
import type { Router } from '../router-types.js';
import { MediaIdParam } from './schema.js';
import { servedType } from './served-type.js';

const route = createRoute({
  method: 'get',
  path: '/media/{mediaId}',
  tags: ['Media'],
  summary: 'Download media',
  description: 'Public like the original media directory: a mediaId is an unguessable UUID. Also served at /media/{mediaId}.',
  request: { params: MediaIdParam },
  responses: {
    200: { description: 'The file', content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } } },
    ...errorResponses(400, 404),
  },
});

export function registerGetMedia(router: Router) {
  return router.openapi(route, (c) => serveMedia(c, c.req.valid('param').mediaId));
}

/** Streams a stored object back; also serves the original's `/media/<id>` path. */
export async function serveMedia(c: Context<AppEnv>, mediaId: string): Promise<Response> {
  const object = await c.var.deps.media.get(mediaId);
  if (!object) throw new ApiError(404, `Media ${mediaId} not found.`);
  const headers: Record<string, string> = {
    ...servedType(object.contentType, mediaId),
    'cache-control': 'private, max-age=86400, immutable',
  };
  if (object.size !== undefined) headers['content-length'] = String(object.size);
  return new Response(object.body, { status: 200, headers });
}
