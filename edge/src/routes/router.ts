import { OpenAPIHono } from '@hono/zod-openapi';
import { ErrorBody } from '../../../shared/src/api/common.js';
import type { AppEnv } from '../app-env.js';
import { validationError } from '../errors.js';

/** A router whose zod validation failures become the API's 400 error body. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error);
    },
  });
}

const errorDescriptions = {
  400: 'Invalid input; the message names the field',
  401: 'Missing or invalid credentials',
  403: 'Credentials do not reach this resource',
  404: 'Not found',
  409: 'Already exists',
  411: 'Content-Length required',
  413: 'Too large',
  429: 'Too many requests',
  503: 'No session host available',
} as const;

/** OpenAPI entries for the error statuses a route can answer. */
export function errorResponses(...codes: (keyof typeof errorDescriptions)[]) {
  return Object.fromEntries(
    codes.map((code) => [code, { description: errorDescriptions[code], content: { 'application/json': { schema: ErrorBody } } }]),
  ) as Record<keyof typeof errorDescriptions, { description: string; content: { 'application/json': { schema: typeof ErrorBody } } }>;
}

export function jsonContent<T>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

export function jsonBody<T>(schema: T) {
  return { content: { 'application/json': { schema } }, required: true };
}
