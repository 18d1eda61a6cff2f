import { Controller, Inject, MessageEvent, Query, Sse } from '@nestjs/common';
import { Observable } from 'rxjs';
import { z } from 'zod';
import { Caller, channelScope, Principal, Requires } from '@orderflow/security';
import { UnavailableError } from '../infrastructure/http/api-errors';
import { parseParams } from '../infrastructure/http/params';
import { QUERY_CONFIG, QueryConfig } from '../infrastructure/query.config';
import { HEARTBEAT_MS, LiveOrderFeed } from './live-order-feed';

// The route takes no parameters: an unknown one is a 400, as everywhere (../docs/openapi.ts).
export const LiveQuery = z.strictObject({});

/**
 * Server-Sent Events: `order` for every order document the orders projection writes from now on
 * (a channel key: its channel's only), `position` at once and every 5 s, with a comment line to
 * keep proxies from closing a quiet stream. Closing the connection ends the subscription.
 */
@Requires('orders:read')
@Controller()
export class LiveHttpController {
  constructor(
    private readonly feed: LiveOrderFeed,
    @Inject(QUERY_CONFIG) private readonly config: QueryConfig,
  ) {}

  @Sse('live')
  async live(@Query() query: unknown, @Caller() caller: Principal): Promise<Observable<MessageEvent>> {
    parseParams(LiveQuery, query, 'query');
    const most = this.config.QUERY_LIVE_MAX_CLIENTS;
    if (this.feed.size >= most) {
      const retryAfter = HEARTBEAT_MS / 1000;
      throw new UnavailableError(`${most} clients already follow /live, the most this service serves at once; retry after ${retryAfter} s`, retryAfter);
    }
    const onlyChannel = channelScope(caller);
    return new Observable<MessageEvent>((subscriber) =>
      this.feed.subscribe({
        onlyChannel,
        send: (event) => {
          subscriber.next({ type: event.type, data: event.data });
          if (event.type === 'position') subscriber.next({ comment: 'keep-alive' });
        },
        end: () => subscriber.complete(),
      }),
    );
  }
}
