import 'reflect-metadata';
import { z } from 'zod';
import { DataSource } from 'typeorm';
import { topicName } from '@orderflow/contracts';
import { EventStore } from '@orderflow/event-store';
import { createKafkaBus, MessageBus } from '@orderflow/messaging';
import { createDataSource, databaseUrlOf, kafkaBusConfig, loadConfig, platformEnvSchema } from '@orderflow/platform';

/** A failure the user can act on: printed as one line, exit code given. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

const cliEnvSchema = platformEnvSchema.extend({
  /** Where the query API is, for commands that read projections over HTTP. */
  QUERY_URL: z.url().default('http://127.0.0.1:3000'),
  /** The API key those commands present (an operator's key: `npx orderflow keys create --role operator`; `admin` needs an admin's). */
  ORDERFLOW_API_KEY: z.string().optional(),
  /** Where the admin API of each service that owns reference data is (`admin`, docs/adr/0032). */
  ORDER_SERVICE_URL: z.url().default('http://127.0.0.1:3010'),
  SHIPPING_SERVICE_URL: z.url().default('http://127.0.0.1:3012'),
});

/** What commands share: configuration from the environment and lazily opened connections. */
export class CliContext {
  readonly config = loadConfig(cliEnvSchema);
  private bus?: MessageBus;
  private dataSource?: Promise<DataSource>;

  /** Headers for the query API: the configured key, if any. */
  apiHeaders(): Record<string, string> {
    return this.config.ORDERFLOW_API_KEY ? { authorization: `Bearer ${this.config.ORDERFLOW_API_KEY}` } : {};
  }

  topic(contractTopic: string): string {
    return topicName(contractTopic, this.config.TOPIC_NAMESPACE);
  }

  messageBus(): MessageBus {
    this.bus ??= createKafkaBus(kafkaBusConfig(this.config, 'orderflow-cli', { logLevel: 'NOTHING' }));
    return this.bus;
  }

  database(): Promise<DataSource> {
    const url = databaseUrlOf(this.config, 'cli');
    this.dataSource ??= createDataSource(url, { poolSize: 4, applicationName: 'orderflow-cli' })
      .initialize()
      .catch((err: Error) => {
        throw new CliError(`cannot reach the database at ${redact(url)}: ${err.message}`);
      });
    return this.dataSource;
  }

  async eventStore(): Promise<EventStore> {
    return new EventStore(await this.database());
  }

  async close(): Promise<void> {
    const ds = await this.dataSource?.catch(() => undefined);
    if (ds?.isInitialized) await ds.destroy();
  }
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}
