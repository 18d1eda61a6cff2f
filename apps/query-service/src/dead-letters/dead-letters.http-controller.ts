import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import {
  countDeadLetters,
  DEAD_LETTER_SOURCES,
  DeadLettersNotFoundError,
  isDeadLetterSource,
  MessageBus,
  readDeadLetters,
  ReplacementRejectedError,
  replayDeadLetters,
} from '@orderflow/messaging';
import { MESSAGE_BUS, PLATFORM_CONFIG, PlatformConfig } from '@orderflow/platform';
import { actorOf, Caller, Principal, Requires } from '@orderflow/security';
import { NotFoundError, UnprocessableError } from '../infrastructure/http/api-errors';
import { Param as P, parseParams } from '../infrastructure/http/params';

// The parameters and bodies the routes validate, and document (../docs/openapi.ts).
export const DeadLetterPath = z.strictObject({ topic: P.text(100).describe('The contract name of the source topic, e.g. channel.orders') });
const letterId = z.string('expected a dead letter id <partition>:<offset>').regex(/^\d{1,9}:\d{1,19}$/, 'expected a dead letter id <partition>:<offset>, such as 0:12');
export const DeadLetterListQuery = z.strictObject({
  limit: P.integer(1, 500).optional().describe('Dead letters per page, 1 to 500 (default 100)'),
  cursor: z
    .string()
    .regex(/^\d{1,19}$/, 'expected the nextCursor of a previous page, unchanged')
    .optional()
    .describe('The nextCursor of the previous page'),
});
export const ReplayBody = z
  .strictObject({
    ids: z.array(letterId, 'expected a list of dead letter ids').min(1, 'expected at least one id').max(1000, 'expected at most 1000 ids').optional(),
    all: z.literal(true, 'expected true').optional(),
    value: z.string('expected the corrected message as JSON text').min(1, 'expected the corrected message as JSON text').optional(),
  })
  .describe('Either ids or all: true; value (the corrected message, as JSON text) goes with exactly one id')
  .superRefine((body, ctx) => {
    if ((body.ids === undefined) === (body.all === undefined)) ctx.addIssue({ code: 'custom', path: ['ids'], message: 'expected either ids or all: true' });
    if (body.value !== undefined && body.ids?.length !== 1) ctx.addIssue({ code: 'custom', path: ['value'], message: 'expected value with exactly one id' });
  });

// The answers, typed (and documented) by these schemas.
export const DeadLetterCount = z.object({ topic: z.string(), count: z.number().int() });
export const DeadLetterCounts = z.object({ topics: z.array(DeadLetterCount) });
export const DeadLetterView = z.object({
  id: z.string().describe('<partition>:<offset> in the dead-letter topic: what replay takes'),
  reason: z.string(),
  consumer: z.string().describe('The service that dead-lettered it'),
  failedAt: z.string(),
  source: z.object({ topic: z.string(), partition: z.string(), offset: z.string() }).describe('Where it was read from'),
  key: z.string().nullable(),
  value: z.string().describe('The original payload, as text'),
});
export const DeadLetterPage = z.object({
  topic: z.string(),
  letters: z.array(DeadLetterView).describe('Oldest first'),
  nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last'),
});
export const ReplayAnswer = z.object({ replayed: z.number().int(), topic: z.string().describe('The physical topic they went back to') });

const DEFAULT_PAGE = 100;

/**
 * Dead letters over HTTP: the operations of `orderflow dlq`, through the same code
 * (@orderflow/messaging's dead-letters). Counting reads offsets only; listing and replaying read
 * the dead-letter topic.
 */
@Requires('dead-letters:handle')
@Controller('dead-letters')
export class DeadLettersHttpController {
  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  @Get()
  async counts(@Query() query: unknown): Promise<z.infer<typeof DeadLetterCounts>> {
    parseParams(z.strictObject({}), query, 'query');
    return { topics: await countDeadLetters(this.bus, DEAD_LETTER_SOURCES, this.config.TOPIC_NAMESPACE) };
  }

  @Get(':topic')
  async list(@Param() path: unknown, @Query() query: unknown): Promise<z.infer<typeof DeadLetterPage>> {
    const topic = this.sourceTopic(path);
    const { limit = DEFAULT_PAGE, cursor } = parseParams(DeadLetterListQuery, query, 'query');
    const letters = await readDeadLetters(this.bus, topic, this.config.TOPIC_NAMESPACE);
    // The cursor is the DLQ offset to go on from (one partition, so offsets order the letters).
    const from = cursor === undefined ? 0 : letters.findIndex((l) => BigInt(l.id.split(':')[1]) >= BigInt(cursor));
    const page = from < 0 ? [] : letters.slice(from, from + limit);
    const next = from < 0 ? undefined : letters[from + limit];
    return {
      topic,
      letters: page.map((l) => ({ id: l.id, reason: l.reason, consumer: l.consumer, failedAt: l.failedAt, source: l.source, key: l.key, value: l.value.toString('utf8') })),
      nextCursor: next ? next.id.split(':')[1] : null,
    };
  }

  @Post(':topic/replay')
  @HttpCode(200)
  async replay(@Param() path: unknown, @Body() body: unknown, @Caller() caller: Principal): Promise<z.infer<typeof ReplayAnswer>> {
    const topic = this.sourceTopic(path);
    const request = parseParams(ReplayBody, body, 'body');
    const replayedBy = actorOf(caller);
    try {
      return await replayDeadLetters(
        this.bus,
        topic,
        this.config.TOPIC_NAMESPACE,
        request.all ? { all: true, replayedBy } : { ids: request.ids!, value: request.value === undefined ? undefined : Buffer.from(request.value, 'utf8'), replayedBy },
      );
    } catch (err) {
      if (err instanceof DeadLettersNotFoundError) throw new NotFoundError(err.message, { ids: err.ids });
      if (err instanceof ReplacementRejectedError) throw new UnprocessableError(err.message, { field: 'value', reason: err.reason });
      throw err;
    }
  }

  private sourceTopic(path: unknown): string {
    const { topic } = parseParams(DeadLetterPath, path, 'path');
    if (!isDeadLetterSource(topic)) throw new NotFoundError(`no topic "${topic}": expected one of ${DEAD_LETTER_SOURCES.join(', ')}`, { topic });
    return topic;
  }
}
