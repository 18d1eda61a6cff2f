import { BadRequestException, Controller, Get, HttpCode, Inject, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { fieldIssues, issuesText } from '@orderflow/contracts';
import { Clock } from '@orderflow/event-store';
import { CLOCK } from '@orderflow/platform';
import { Caller, Principal, Requires } from '@orderflow/security';
import { DELIVERY_STATUSES, DeliveryLogEntry, WebhookDeliveries } from '../infrastructure/webhook-deliveries';
import { managedChannel } from '../register-webhook/webhook-access';

/** GET .../deliveries: which ones, and how many (newest first). Documented by ../docs/openapi.ts. */
export const DeliveriesQuery = z.strictObject({
  status: z.enum(['pending', 'delivered', 'failed'], { error: `expected one of: ${DELIVERY_STATUSES.join(', ')}` }).optional().describe('Only deliveries in this state'),
  orderId: z.uuid('expected a UUID').optional().describe("Only this order's deliveries (orderflow's order id)"),
  limit: z.coerce.number({ error: 'expected a whole number' }).int('expected a whole number').min(1, 'expected 1 to 500').max(500, 'expected 1 to 500').default(100).describe('At most this many, 1 to 500 (default 100)'),
});

export const ReplayParams = z.strictObject({ channel: z.string(), messageId: z.uuid('expected a UUID').describe('The notification\'s messageId') });

/**
 * The delivery log of a channel's webhook, and replay: the same access as registering it (a channel
 * key its own channel, an admin any). The log names messages, orders and outcomes, never bodies.
 */
@Controller('admin/channels/:channel/webhook/deliveries')
export class WebhookDeliveriesHttpController {
  constructor(
    private readonly deliveries: WebhookDeliveries,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @Requires('webhooks:manage')
  async list(@Param('channel') channel: string, @Query() query: Record<string, unknown>, @Caller() caller: Principal): Promise<{ channel: string; deliveries: DeliveryLogEntry[] }> {
    managedChannel(caller, channel);
    const parsed = DeliveriesQuery.safeParse(query);
    if (!parsed.success) throw new BadRequestException(issuesText(fieldIssues(parsed.error, { input: query })));
    return { channel, deliveries: await this.deliveries.list(channel, parsed.data) };
  }

  /** Sends it again now, with the same message id and a fresh retry window, whatever its state. */
  @Post(':messageId/replay')
  @Requires('webhooks:manage')
  @HttpCode(202)
  async replay(@Param('channel') channel: string, @Param('messageId') messageId: string, @Caller() caller: Principal): Promise<DeliveryLogEntry> {
    managedChannel(caller, channel);
    const parsed = ReplayParams.safeParse({ channel, messageId });
    if (!parsed.success) throw new BadRequestException(issuesText(fieldIssues(parsed.error, { input: { channel, messageId } })));
    const replayed = await this.deliveries.replay(channel, messageId, this.clock());
    if (!replayed) throw new NotFoundException(`no delivery of message ${messageId} to channel "${channel}"`);
    return replayed;
  }
}
