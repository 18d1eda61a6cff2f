import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { z } from 'zod';

/**
 * The subset of OpenAPI 3.0 orderflow's HTTP documents use, typed so a typo fails to compile, and
 * the generators that make its parameters, bodies and components from the zod schemas the routes
 * validate with (docs/adr/0024): shared by the query API, the ingest gateway and after-sales.
 */
export interface SchemaObject {
  type?: 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';
  format?: string;
  description?: string;
  nullable?: boolean;
  enum?: readonly (string | number)[];
  items?: SchemaObject;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  additionalProperties?: boolean | SchemaObject;
  $ref?: string;
  allOf?: SchemaObject[];
  oneOf?: SchemaObject[];
  example?: unknown;
}

export interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  description: string;
  schema: SchemaObject;
}

export interface ResponseObject {
  description: string;
  headers?: Record<string, { description: string; schema: SchemaObject }>;
  content?: Record<string, { schema: SchemaObject }>;
}

export interface RequestBodyObject {
  description?: string;
  required: boolean;
  content: Record<string, { schema: SchemaObject }>;
}

export interface OperationObject {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  parameters?: ParameterObject[];
  requestBody?: RequestBodyObject;
  responses: Record<string, ResponseObject>;
  /** Who may call it (ADR 18): the bearer key, or nobody needed ([]) for the public routes. */
  security?: { bearerKey: string[] }[];
  'x-permission'?: string;
}

export interface PathItem {
  get?: OperationObject;
  post?: OperationObject;
  put?: OperationObject;
  delete?: OperationObject;
}

export interface OpenApiDocument {
  openapi: '3.0.3';
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, PathItem>;
  components: { schemas: Record<string, SchemaObject>; securitySchemes: Record<string, { type: 'http'; scheme: 'bearer'; description: string }> };
}

/** Every document's security scheme: an API key as a bearer token (ADR 18). */
export const BEARER_KEY_SCHEME = {
  bearerKey: { type: 'http', scheme: 'bearer', description: 'An API key, ofk_<id>_<secret>: npx orderflow keys create --role <role>' },
} as const satisfies OpenApiDocument['components']['securitySchemes'];

type Parameters = z.ZodObject;

/** The OpenAPI parameters of a route, from its path and query schemas (what arrives: strings). */
export function parametersOf(path: Parameters | undefined, query: Parameters | undefined): ParameterObject[] {
  const of = (schema: Parameters | undefined, location: 'path' | 'query'): ParameterObject[] => {
    if (!schema) return [];
    const json = z.toJSONSchema(schema, { io: 'input', target: 'openapi-3.0' }) as SchemaObject;
    return Object.entries(json.properties ?? {}).map(([name, { description, ...property }]) => {
      // A value that is no plain text is described by its type and format; the pattern that reads it says no more.
      const { pattern: _pattern, ...typed } = property as SchemaObject & { pattern?: string };
      return {
        name,
        in: location,
        ...(location === 'path' || json.required?.includes(name) ? { required: true } : {}),
        description: description ?? '',
        schema: typed.type !== 'string' || typed.format ? typed : property,
      };
    });
  };
  return [...of(path, 'path'), ...of(query, 'query')];
}

/** A JSON request body, from the schema that validates it (what a client sends: its input side). */
export function jsonBodyOf(schema: z.ZodType, description?: string): RequestBodyObject {
  const { $schema: _schema, ...json } = z.toJSONSchema(schema, { io: 'input', target: 'openapi-3.0', unrepresentable: 'any' }) as SchemaObject & { $schema?: string };
  return { required: true, ...(description ? { description } : {}), content: { 'application/json': { schema: json } } };
}

/**
 * Components generated from zod schemas through one registry, so that they refer to each other by
 * name. `adjust` may touch each generated component (the query API marks its personal fields).
 */
export function componentsOf(parts: Record<string, z.ZodType>, adjust: (schema: SchemaObject) => void = () => undefined): Record<string, SchemaObject> {
  const components = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(parts)) components.add(schema, { id });
  const { schemas } = z.toJSONSchema(components, {
    target: 'openapi-3.0',
    uri: (id) => `#/components/schemas/${id}`,
    // A Date the handlers return leaves as JSON's ISO-8601 text.
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema }) => {
      if (zodSchema._zod.def.type === 'date') Object.assign(jsonSchema, { type: 'string', format: 'date-time' });
    },
  });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, { $id: _id, ...schema }]) => {
      const json = schema as SchemaObject;
      adjust(json);
      return [id, json];
    }),
  );
}

/** The routes a document describes, as `GET /orders/{orderId}`. */
export const documentedRoutes = (document: OpenApiDocument): string[] =>
  Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));

/** The routes a Nest module's controllers register, as `GET /orders/{orderId}`: what a document must describe. */
export function controllerRoutes(module: object): string[] {
  const controllers: (new (...args: never[]) => unknown)[] = Reflect.getMetadata('controllers', module) ?? [];
  return controllers.flatMap((controller) => {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    return Object.getOwnPropertyNames(controller.prototype).flatMap((name) => {
      const handler = controller.prototype[name as keyof typeof controller.prototype] as object;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined) return [];
      const path = ['', base, String(Reflect.getMetadata(PATH_METADATA, handler))].join('/').replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
      return [`${RequestMethod[method]} ${path.replace(/:(\w+)/g, '{$1}')}`];
    });
  });
}
