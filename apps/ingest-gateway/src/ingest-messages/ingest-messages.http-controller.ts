import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Topics } from '@orderflow/contracts';
import { Caller, Principal, Requires } from '@orderflow/security';
import { IngestError } from './ingest-error';
import { IngestAccepted, IngestMessagesHandler } from './ingest-messages.handler';
import { countedIngest } from './ingest-metrics';
import { readIngestHeaders } from './request-headers';

/**
 * One endpoint per inbound topic. The body is one message or a JSON array of up to 1,000, in
 * exactly the Kafka contract of that topic; the answer is 202 with a result per message.
 */
@Controller('v1')
export class IngestMessagesHttpController {
  constructor(private readonly handler: IngestMessagesHandler) {}

  @Post('channel-orders')
  @Requires('channel-orders:send')
  @HttpCode(202)
  channelOrders(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Caller() caller: Principal): Promise<IngestAccepted> {
    return this.ingest(Topics.channelOrders, req, res, caller);
  }

  @Post('warehouse-operations')
  @Requires('warehouse-operations:send')
  @HttpCode(202)
  warehouseOperations(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Caller() caller: Principal): Promise<IngestAccepted> {
    return this.ingest(Topics.warehouseOperations, req, res, caller);
  }

  @Post('carrier-tracking')
  @Requires('carrier-tracking:send')
  @HttpCode(202)
  carrierTracking(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Caller() caller: Principal): Promise<IngestAccepted> {
    return this.ingest(Topics.carrierTracking, req, res, caller);
  }

  /** The factory's answers to production orders (docs/adr/0039). */
  @Post('production-events')
  @Requires('production-events:send')
  @HttpCode(202)
  productionEvents(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Caller() caller: Principal): Promise<IngestAccepted> {
    return this.ingest(Topics.productionEvents, req, res, caller);
  }

  private async ingest(topic: string, req: Request, res: Response, principal: Principal): Promise<IngestAccepted> {
    const outcome = await countedIngest(topic, () => {
      const headers = readIngestHeaders(req.headers);
      if (!headers.ok) throw new IngestError(400, headers.message);
      const body: unknown = req.body;
      return this.handler.ingest({ ...headers, topic, body: Buffer.isBuffer(body) ? body : undefined, principal });
    });
    if (outcome.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return outcome.response;
  }
}
