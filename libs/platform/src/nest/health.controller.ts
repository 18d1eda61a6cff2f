import { Controller, Get, HttpStatus, Inject, OnApplicationShutdown, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { BusAdmin, ComponentHealth, MessageBus } from '@orderflow/messaging';
import { Public } from '@orderflow/security';
import { HealthRegistry } from './health-registry';
import { MESSAGE_BUS, SERVICE } from './tokens';
import { ServiceDescriptor } from './service-descriptor';

interface Check {
  status: 'up' | 'down';
  latencyMs: number;
  error?: string;
}

async function timed(probe: () => Promise<unknown>): Promise<Check> {
  const started = Date.now();
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after 3000 ms')), 3000)),
    ]);
    return { status: 'up', latencyMs: Date.now() - started };
  } catch (err) {
    return { status: 'down', latencyMs: Date.now() - started, error: (err as Error).message };
  }
}

@Public()
@Controller('health')
export class HealthController implements OnApplicationShutdown {
  private admin?: Promise<BusAdmin>;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(SERVICE) private readonly service: ServiceDescriptor,
    private readonly registry: HealthRegistry,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  /**
   * 200 when the database and the Kafka cluster answer and every background loop is alive (status
   * `degraded` while one waits out a failure); 503 naming what is down or stuck.
   */
  @Get()
  async health(@Res() res: unknown): Promise<void> {
    const [database, kafka] = await Promise.all([
      timed(() => this.dataSource.query('SELECT 1')),
      timed(async () => {
        this.admin ??= this.bus.admin();
        try {
          await (await this.admin).ping();
        } catch (err) {
          this.admin = undefined;
          throw err;
        }
      }),
    ]);
    const components: Record<string, ComponentHealth> = await this.registry.report();
    const down = [
      ...(database.status === 'down' ? ['database'] : []),
      ...(kafka.status === 'down' ? ['kafka'] : []),
      ...Object.entries(components)
        .filter(([, c]) => c.status === 'down')
        .map(([name]) => name),
    ];
    const degraded = Object.values(components).some((c) => c.status === 'degraded');
    const body = {
      status: down.length > 0 ? 'unavailable' : degraded ? 'degraded' : 'ok',
      service: this.service.name,
      ...(down.length > 0 ? { down } : {}),
      checks: { database, kafka },
      components,
    };
    // Through the adapter: a service may run on Express or Fastify (ServiceDescriptor.http).
    this.adapterHost.httpAdapter.reply(res, body, down.length === 0 ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
  }

  async onApplicationShutdown(): Promise<void> {
    const admin = await this.admin?.catch(() => undefined);
    await admin?.disconnect();
  }
}
