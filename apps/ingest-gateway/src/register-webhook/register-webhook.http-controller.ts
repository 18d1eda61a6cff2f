import { BadRequestException, Body, Controller, Delete, Get, HttpCode, Inject, NotFoundException, Param, Put } from '@nestjs/common';
import { fieldIssues, issuesText } from '@orderflow/contracts';
import { actorOf, Caller, Principal, Requires } from '@orderflow/security';
import { WebhookEndpoints, WebhookEndpointView } from '../infrastructure/webhook-endpoints';
import { WEBHOOKS_CONFIG, WebhooksConfig } from '../infrastructure/webhooks.config';
import { jsonBody, managedChannel } from './webhook-access';
import { webhookRegistration } from './webhook-registration';

/** A channel's webhook: PUT registers or replaces it, GET shows it, DELETE removes it. The secret is never in an answer. */
@Controller('admin/channels/:channel/webhook')
export class RegisterWebhookHttpController {
  private readonly schema;

  constructor(
    private readonly endpoints: WebhookEndpoints,
    @Inject(WEBHOOKS_CONFIG) config: WebhooksConfig,
  ) {
    this.schema = webhookRegistration(config.WEBHOOK_ALLOW_PRIVATE_HOSTS);
  }

  @Put()
  @Requires('webhooks:manage')
  async register(@Param('channel') channel: string, @Body() raw: unknown, @Caller() caller: Principal): Promise<WebhookEndpointView> {
    managedChannel(caller, channel);
    const body = jsonBody(raw);
    const parsed = this.schema.safeParse(body);
    // The secret is never repeated in a refusal: only what was wrong with it.
    if (!parsed.success) {
      const issues = fieldIssues(parsed.error, { input: body }).map((i) => (i.field === 'secret' ? { ...i, hidden: true } : i));
      throw new BadRequestException(issuesText(issues));
    }
    return this.endpoints.register(channel, parsed.data.url, parsed.data.secret, actorOf(caller));
  }

  @Get()
  @Requires('webhooks:manage')
  async show(@Param('channel') channel: string, @Caller() caller: Principal): Promise<WebhookEndpointView> {
    managedChannel(caller, channel);
    const endpoint = await this.endpoints.find(channel);
    if (!endpoint) throw new NotFoundException(`no webhook registered for channel "${channel}"`);
    return endpoint;
  }

  /** Stops the deliveries: pending ones are marked failed (kept in the log), and later notifications are not kept. */
  @Delete()
  @HttpCode(204)
  @Requires('webhooks:manage')
  async unregister(@Param('channel') channel: string, @Caller() caller: Principal): Promise<void> {
    managedChannel(caller, channel);
    if (!(await this.endpoints.unregister(channel))) throw new NotFoundException(`no webhook registered for channel "${channel}"`);
  }
}
