import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { metricsContentType, metricsExposition } from '@orderflow/observability';
import { Public } from '@orderflow/security';

/**
 * GET /metrics: the process's metrics in Prometheus's text format. Public like /health: the
 * scraper holds no key, and the figures name topics, routes and projections, never a person or an
 * order; deployments keep the port off the public network (docs/adr/0026).
 */
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  @Get()
  async metrics(@Res() res: unknown): Promise<void> {
    const text = await metricsExposition();
    // Through the adapter: a service may run on Express or Fastify (ServiceDescriptor.http).
    const http = this.adapterHost.httpAdapter;
    http.setHeader(res, 'Content-Type', metricsContentType);
    http.reply(res, text, HttpStatus.OK);
  }
}
