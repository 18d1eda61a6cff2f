import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { z } from 'zod';
import { PROJECTION_NAMES, ProjectionName } from '@orderflow/projections';
import { Requires } from '@orderflow/security';
import { parseParams } from '../infrastructure/http/params';
import { ProjectionRebuilds } from './projection-rebuilds';

const targets: [ProjectionName | 'all', ...(ProjectionName | 'all')[]] = ['all', ...PROJECTION_NAMES];

// The body the route validates, and documents (../docs/openapi.ts).
export const RebuildBody = z.strictObject({
  projection: z.enum(targets, `expected one of ${targets.join(', ')}`).describe('The projection to rebuild, or all'),
});
export const RebuildStarted = z.object({
  projections: z.array(z.enum(PROJECTION_NAMES as [ProjectionName, ...ProjectionName[]])),
  startedAt: z.iso.datetime(),
});

/** Starts a projection rebuild in the background; GET /projections follows its progress. */
@Controller('projections')
export class ProjectionRebuildHttpController {
  constructor(private readonly rebuilds: ProjectionRebuilds) {}

  @Post('rebuild')
  @Requires('projections:rebuild')
  @HttpCode(202)
  async rebuild(@Body() body: unknown): Promise<z.infer<typeof RebuildStarted>> {
    const { projection } = parseParams(RebuildBody, body, 'body');
    return this.rebuilds.start(projection);
  }
}
