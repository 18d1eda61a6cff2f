import { Controller, Get, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { EventStore } from '@orderflow/event-store';
import { ProjectionStatus, projectionStatuses } from '@orderflow/projections';
import { minPosition, parseParams } from '../infrastructure/http/params';
import { Reads } from '../infrastructure/http/projection-position.interceptor';
import { Projected } from '../infrastructure/http/read-model';
import { Requires } from '@orderflow/security';

// The parameters the route validates, and documents (../docs/openapi.ts).
export const StatusQuery = z.strictObject({ minPosition });

/** Each projection's checkpoint, the store's head, the lag, and rebuild progress. */
@Requires('projections:read')
@Controller('projections')
export class ProjectionsHttpController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EventStore,
  ) {}

  @Get()
  @Reads('store')
  async status(@Query() query: unknown): Promise<Projected<{ projections: ProjectionStatus[] }>> {
    parseParams(StatusQuery, query, 'query');
    const projections = await projectionStatuses(this.dataSource, this.store);
    return { position: projections[0]?.headPosition ?? 0, body: { projections } };
  }
}
