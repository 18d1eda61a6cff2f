import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Notification, notificationKey, NotificationSchemas } from '@orderflow/contracts';
import { Tx } from '@orderflow/event-store';
import { HandlerContext } from '@orderflow/messaging';
import { NewDelivery, WebhookDeliveries } from '../infrastructure/webhook-deliveries';

/**
 * Every notification on channel.notifications becomes a delivery for its channel's webhook (when it
 * registered one), in the consumer's unit of work: the rows of a whole batch go in one statement
 * just before it commits, with the inbox marks, and only then is the offset committed.
 */
@Controller()
export class RecordNotificationMessageController {
  private readonly pending = new WeakMap<Tx, NewDelivery[]>();

  constructor(private readonly deliveries: WebhookDeliveries) {}

  @EventPattern(Object.keys(NotificationSchemas))
  onNotification(@Payload() notification: Notification, @Ctx() ctx: HandlerContext): void {
    let batch = this.pending.get(ctx.tx);
    if (!batch) {
      const rows: NewDelivery[] = [];
      batch = rows;
      this.pending.set(ctx.tx, rows);
      ctx.beforeCommit(rows, async () => {
        this.pending.delete(ctx.tx);
        await this.deliveries.enqueue(ctx.tx, rows);
      }, () => this.pending.delete(ctx.tx));
    }
    batch.push({
      channel: notification.channel,
      messageId: notification.messageId,
      orderKey: notificationKey(notification),
      orderId: notification.orderId,
      externalOrderId: notification.externalOrderId,
      type: notification.type,
      // The bytes the relay published, exactly: what is signed and sent.
      body: ctx.message.value!.toString('utf8'),
    });
  }
}
