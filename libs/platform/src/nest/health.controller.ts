import { Controller, Get, HttpStatus, Inject, OnApplicationShutdown, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { BusAdmin, MessageBus } from '@orderflow/messaging';
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

@Controller('health')
export class HealthController implements OnApplicationShutdown {
  private admin?: Promise<BusAdmin>;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(SERVICE) private readonly service: ServiceDescriptor,
  ) {}

  /** 200 when the database and the Kafka cluster answer, 503 naming what does not. */
  @Get()
  async health(@Res() res: Response): Promise<void> {
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
    const ok = database.status === 'up' && kafka.status === 'up';
    res
      .status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
      .json({ status: ok ? 'ok' : 'unavailable', service: this.service.name, checks: { database, kafka } });
  }

  async onApplicationShutdown(): Promise<void> {
    const admin = await this.admin?.catch(() => undefined);
    await admin?.disconnect();
  }
}
