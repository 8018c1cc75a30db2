// The operations of the gateway's own OpenAPI document (GET /api/v1/openapi.json), in the small
// shape the security tests need: the authorization matrix and the bad-input generator both start
// from this list, so an operation added to the API is covered (or fails the matrix) by itself.

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  $ref?: string;
  format?: string;
  pattern?: string;
  minimum?: number;
  maxLength?: number;
  additionalProperties?: boolean | JsonSchema;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: JsonSchema;
}

export interface Operation {
  /** `METHOD path` as in the document, e.g. `GET /sessions/{sessionId}`: the matrix's row key. */
  key: string;
  method: string;
  /** The path template under the server URL, e.g. `/sessions/{sessionId}`. */
  path: string;
  /** The template with the server URL in front, e.g. `/api/v1/sessions/{sessionId}`. */
  fullPath: string;
  params: Parameter[];
  /** Request body content types in document order, with the first one's schema ($refs resolved). */
  body?: { contentTypes: string[]; schema: JsonSchema };
  /** The document names a security scheme (the matrix decides what that means per credential). */
  secured: boolean;
  /** The schemes it names: `bearerAuth` (a session token), `masterKey`. */
  schemes: string[];
  /** The statuses the document lists for it. */
  responses: number[];
}

type Doc = { servers?: { url: string }[]; paths: Record<string, Record<string, any>>; components?: { schemas?: Record<string, JsonSchema> } };

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

export function operationsOf(doc: Doc): Operation[] {
  const base = doc.servers?.[0]?.url ?? '';
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const content: Record<string, { schema?: JsonSchema }> = op.requestBody?.content ?? {};
      const contentTypes = Object.keys(content);
      ops.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        fullPath: base + path,
        params: (op.parameters ?? []).map((p: any) => ({ name: p.name, in: p.in, required: Boolean(p.required), schema: resolveRefs(doc, p.schema ?? {}) })),
        ...(contentTypes.length ? { body: { contentTypes, schema: resolveRefs(doc, content[contentTypes[0]!]?.schema ?? {}) } } : {}),
        secured: Array.isArray(op.security) && op.security.length > 0,
        schemes: (op.security ?? []).flatMap((s: Record<string, unknown>) => Object.keys(s)),
        responses: Object.keys(op.responses ?? {}).map(Number),
      });
    }
  }
  return ops;
}

/** The schema with every local `$ref` replaced by its target (the document has no cycles). */
export function resolveRefs(doc: Doc, schema: JsonSchema): JsonSchema {
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = doc.components?.schemas?.[name];
    if (!target) throw new Error(`unresolved $ref ${schema.$ref}`);
    return resolveRefs(doc, target);
  }
  const out: JsonSchema = { ...schema };
  if (schema.properties) out.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, resolveRefs(doc, v)]));
  if (schema.items) out.items = resolveRefs(doc, schema.items);
  if (schema.oneOf) out.oneOf = schema.oneOf.map((s) => resolveRefs(doc, s));
  if (schema.anyOf) out.anyOf = schema.anyOf.map((s) => resolveRefs(doc, s));
  if (typeof schema.additionalProperties === 'object') out.additionalProperties = resolveRefs(doc, schema.additionalProperties);
  return out;
}

/** The first JSON type a schema allows (`["string","null"]` → string; a union → its first branch). */
export function primaryType(schema: JsonSchema): string | undefined {
  if (Array.isArray(schema.type)) return schema.type[0];
  if (schema.type) return schema.type;
  const branch = schema.oneOf?.[0] ?? schema.anyOf?.[0];
  return branch ? primaryType(branch) : undefined;
}

/** A value the schema accepts, with `hint` deciding named fields first (ids, numbers, URLs). */
export function sampleOf(schema: JsonSchema, hint: (name: string) => unknown, name?: string): unknown {
  const hinted = name === undefined ? undefined : hint(name);
  if (hinted !== undefined) return hinted;
  if (schema.example !== undefined) return schema.example;
  if (schema.enum) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  const branch = schema.oneOf?.[0] ?? schema.anyOf?.[0];
  if (branch && !schema.type) return sampleOf(branch, hint, name);
  switch (primaryType(schema)) {
    case 'object':
      // Every documented property: several bodies (legacy, DELETE /message) check presence in code.
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, sub]) => [key, sampleOf(sub, hint, key)]));
    case 'array':
      return [];
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    default:
      return schema.format === 'date-time' ? '2099-01-01T00:00:00.000Z' : 'sample';
  }
}
