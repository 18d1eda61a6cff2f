import { Controller, Get, Query } from '@nestjs/common';
import { z } from 'zod';
import { Requires } from '@orderflow/security';
import { parseParams } from '../infrastructure/http/params';
import { PipelineLag, PipelineLagReader } from './pipeline-lag';

// The parameters the route validates (none), and documents (../docs/openapi.ts).
export const PipelineQuery = z.strictObject({});

/** GET /pipeline: how far behind each part of the pipeline is, for the operators' console. */
@Requires('projections:read')
@Controller('pipeline')
export class PipelineHttpController {
  constructor(private readonly lag: PipelineLagReader) {}

  @Get()
  pipeline(@Query() query: unknown): Promise<PipelineLag> {
    parseParams(PipelineQuery, query, 'query');
    return this.lag.read();
  }
}
