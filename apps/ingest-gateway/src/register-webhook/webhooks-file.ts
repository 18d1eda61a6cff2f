import { readFileSync } from 'node:fs';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { z } from 'zod';
import { fieldIssues, issuesText } from '@orderflow/contracts';
import { ConfigError } from '@orderflow/platform';
import { WebhookEndpoints } from '../infrastructure/webhook-endpoints';
import { WEBHOOKS_CONFIG, WebhooksConfig } from '../infrastructure/webhooks.config';
import { ChannelParam, webhookRegistration } from './webhook-registration';

/**
 * WEBHOOKS_FILE: webhooks set by configuration, `{ "<channel>": { "url": ..., "secret": ... } }`,
 * registered at every start (as `config:WEBHOOKS_FILE`), so a deployment can keep them with its
 * other secrets. A file that cannot be read or breaks the schema stops the gateway, naming the
 * channel and field but never a secret. A later PUT replaces an entry until the next start.
 */
@Injectable()
export class WebhooksFile implements OnApplicationBootstrap {
  constructor(
    private readonly endpoints: WebhookEndpoints,
    @Inject(WEBHOOKS_CONFIG) private readonly config: WebhooksConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const path = this.config.WEBHOOKS_FILE;
    if (!path) return;
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      throw new ConfigError(`invalid configuration: WEBHOOKS_FILE: ${path}: ${(err as Error).message}`);
    }
    const schema = z.record(ChannelParam.shape.channel, webhookRegistration(this.config.WEBHOOK_ALLOW_PRIVATE_HOSTS));
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw new ConfigError(`invalid configuration: WEBHOOKS_FILE: ${issuesText(fieldIssues(parsed.error))}`);
    for (const [channel, { url, secret }] of Object.entries(parsed.data)) await this.endpoints.register(channel, url, secret, 'config:WEBHOOKS_FILE');
    new Logger('Webhooks').log(`webhooks of ${Object.keys(parsed.data).length} channel(s) registered from WEBHOOKS_FILE`);
  }
}
