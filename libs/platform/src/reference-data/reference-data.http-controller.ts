import { randomUUID } from 'node:crypto';
import { BadRequestException, Body, Controller, Get, Headers, HttpCode, Inject, Param, Put, Query, Type, UnprocessableEntityException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { fieldIssues, issuesText } from '@orderflow/contracts';
import { Tx } from '@orderflow/event-store';
import { actorOf, Caller, Principal, Requires } from '@orderflow/security';
import { UnitOfWorkFactory } from '../application/unit-of-work.factory';
import { OperationObject, PathItem, ResponseObject, SchemaObject, jsonBodyOf, parametersOf } from '../http-docs/openapi-document';
import { ReferenceChange, ReferenceData, ReferenceEntry } from './reference-data';

/** Why a well-formed entity is refused for what else is recorded (a price for a channel that does not exist). */
export interface FieldRefusal {
  field: string;
  message: string;
}

/** One kind of reference data over HTTP: `PUT /<path>/{key}` and `GET /<path>`, for the admin role. */
export interface ReferenceDataRoute<Body extends z.ZodObject> {
  data: ReferenceData<z.output<Body>>;
  /** The route without its leading slash, e.g. `admin/channels`. */
  path: string;
  /** The property a listing answers its entries in, e.g. `channels`. */
  listName: string;
  /** The key, as its path parameter arrives. */
  key: z.ZodType<string>;
  /** The path parameter's name (default: the kind's key field), e.g. `carrier` for a carrier's `name`. */
  param?: string;
  /** The entity as a PUT's body: strict, so a misspelt field is refused by its name. */
  body: Body;
  /** A refusal (422) that depends on what else is recorded, decided in the PUT's transaction. */
  refusal?: (tx: Tx, key: string, entity: z.output<Body>) => Promise<FieldRefusal | undefined>;
}

export const REFERENCE_PAGE_SIZE = { default: 100, max: 1000 } as const;

export const ReferenceListQuery = z.strictObject({
  limit: z.coerce
    .number('expected a whole number')
    .int('expected a whole number')
    .min(1, 'expected ≥ 1')
    .max(REFERENCE_PAGE_SIZE.max, `expected ≤ ${REFERENCE_PAGE_SIZE.max}`)
    .optional()
    .describe(`Page size, 1 to ${REFERENCE_PAGE_SIZE.max} (default ${REFERENCE_PAGE_SIZE.default})`),
  cursor: z.string().min(1).max(256).optional().describe('nextCursor of the previous page'),
});

/** The one shape of every 400 here: each problem named, `<field "x">: <expected>, got <what arrived>`. */
function parsed<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new BadRequestException(issuesText(fieldIssues(result.error, { input }), (field) => (field ? `${what} "${field}"` : 'body')));
}

const present = <Entity>(keyField: string, entry: ReferenceEntry<Entity>, history: ReferenceChange[] = []) => ({
  [keyField]: entry.key,
  ...entry.entity,
  version: entry.version,
  changedAt: entry.changedAt,
  history,
});

/**
 * The admin API of one kind of reference data (docs/adr/0032), behind `reference-data:manage`:
 * - `PUT /<path>/{key}` records the entity (400 naming a malformed field, 422 one that is refused
 *   for what else is recorded) and answers 200 with it, its history and whether it `changed`: the
 *   same settings again append nothing. The actor recorded is the key.
 * - `GET /<path>?limit&cursor` lists the entities in key order, each with its history.
 */
export function referenceDataHttpController<Body extends z.ZodObject>(route: ReferenceDataRoute<Body>): Type<unknown> {
  const { keyField } = route.data.kind;
  const param = route.param ?? keyField;
  const KeyPath = z.strictObject({ [param]: route.key });

  @Requires('reference-data:manage')
  @Controller(route.path)
  class ReferenceDataHttpController {
    constructor(
      @Inject(UnitOfWorkFactory) private readonly units: UnitOfWorkFactory,
      @Inject(DataSource) private readonly dataSource: DataSource,
    ) {}

    @Put(`:${param}`)
    @HttpCode(200)
    async put(@Param() params: unknown, @Body() body: unknown, @Caller() caller: Principal, @Headers('x-correlation-id') correlationId?: string) {
      const key = parsed(KeyPath, params, 'path parameter')[param] as string;
      const entity = parsed(route.body, body ?? {}, 'field');
      const messageId = randomUUID();
      const cause = { messageId, correlationId: correlationId?.trim().slice(0, 128) || messageId, actor: actorOf(caller) };
      const { entry, changed } = await this.units.run(cause, async (uow) => {
        const refused = await route.refusal?.(uow.tx, key, entity);
        if (refused) {
          throw new UnprocessableEntityException({
            statusCode: 422,
            error: 'Unprocessable Entity',
            message: `field "${refused.field}": ${refused.message}`,
            field: refused.field,
          });
        }
        return route.data.put(uow, key, entity);
      });
      const histories = await route.data.histories(this.dataSource, [key]);
      return { ...present(keyField, entry, histories.get(key)), changed };
    }

    @Get()
    async list(@Query() query: unknown) {
      const { limit = REFERENCE_PAGE_SIZE.default, cursor } = parsed(ReferenceListQuery, query, 'query parameter');
      const entries = await route.data.page(this.dataSource, limit + 1, cursor);
      const page = entries.slice(0, limit);
      const histories = await route.data.histories(this.dataSource, page.map((e) => e.key));
      return {
        [route.listName]: page.map((e) => present(keyField, e, histories.get(e.key))),
        nextCursor: entries.length > limit ? page[page.length - 1].key : null,
      };
    }
  }
  // Nest tells controllers apart by class; a distinct name keeps its logs and errors telling too.
  Object.defineProperty(ReferenceDataHttpController, 'name', { value: `${route.listName}ReferenceDataHttpController` });
  return ReferenceDataHttpController;
}

const History = z.array(
  z.object({
    version: z.number().int().describe("The stream's version after this change"),
    type: z.string(),
    recordedAt: z.string().describe('ISO-8601, by the database clock'),
    actor: z.string().nullable().describe('Who: the API key, or env:<VARIABLE> for the first-run seed'),
    data: z.record(z.string(), z.unknown()).describe('The event as stored: the entity whole'),
  }),
);

const schemaOf = (schema: z.ZodType): SchemaObject => {
  const { $schema: _schema, ...json } = z.toJSONSchema(schema, { io: 'output', target: 'openapi-3.0', unrepresentable: 'any' }) as SchemaObject & { $schema?: string };
  return json;
};
const json = (schema: SchemaObject) => ({ 'application/json': { schema } });
const ERROR: SchemaObject = { $ref: '#/components/schemas/Error' };
const error = (description: string): ResponseObject => ({ description, content: json(ERROR) });

export interface ReferenceDataDocs {
  tag: string;
  /** What a PUT records, in a sentence. */
  put: string;
  /** What the listing lists, in a sentence. */
  list: string;
  /** When the route refuses (422) for what else is recorded. */
  refusal?: string;
}

/** The OpenAPI description of a reference-data route, from the schemas it validates with (docs/adr/0024). */
export function referenceDataPaths<Body extends z.ZodObject>(route: ReferenceDataRoute<Body>, docs: ReferenceDataDocs): Record<string, PathItem> {
  const { keyField, noun } = route.data.kind;
  const param = route.param ?? keyField;
  const Entry = z.object({
    [keyField]: z.string(),
    ...route.body.shape,
    version: z.number().int().describe("The entity's stream version: it moves on with every change"),
    changedAt: z.string().describe('ISO-8601: when the last change was recorded'),
    history: History,
  });
  const common = {
    tags: [docs.tag],
    security: [{ bearerKey: [] }],
    'x-permission': 'reference-data:manage',
  } satisfies Partial<OperationObject>;
  const denied = {
    401: error('No key, or a malformed, unknown or revoked one (WWW-Authenticate: Bearer)'),
    403: error("The key's role lacks reference-data:manage (only admin keys hold it)"),
    429: error('The key is over its rate; retry after Retry-After seconds'),
  };
  const name = route.listName.charAt(0).toUpperCase() + route.listName.slice(1);
  return {
    [`/${route.path}/{${param}}`]: {
      put: {
        ...common,
        operationId: `put${name}`,
        summary: docs.put,
        description:
          `Records the ${noun} as a whole: an event in the store, with the key as its actor, and the view every replica decides with, in one transaction; ` +
          'it takes effect without a restart. The same settings again record nothing (changed: false).',
        parameters: [
          ...parametersOf(z.strictObject({ [param]: route.key }), undefined),
          { name: 'X-Correlation-Id', in: 'header', description: "Carried into the recorded event's metadata", schema: { type: 'string' } },
        ],
        requestBody: jsonBodyOf(route.body),
        responses: {
          200: { description: `The ${noun} as it holds now, with its history`, content: json(schemaOf(Entry.extend({ changed: z.boolean().describe('Whether this PUT recorded a change') }))) },
          400: error('The body or the path parameter is invalid: the message names each field, what was expected and what arrived'),
          ...denied,
          ...(docs.refusal ? { 422: error(`Refused: ${docs.refusal} (the body adds field)`) } : {}),
        },
      },
    },
    [`/${route.path}`]: {
      get: {
        ...common,
        operationId: `list${name}`,
        summary: docs.list,
        parameters: parametersOf(undefined, ReferenceListQuery),
        responses: {
          200: {
            description: `A page of ${route.listName} in key order, each with its history`,
            content: json(
              schemaOf(
                z.object({
                  [route.listName]: z.array(Entry),
                  nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page'),
                }),
              ),
            ),
          },
          400: error('A query parameter is invalid: the message names it'),
          ...denied,
        },
      },
    },
  };
}
