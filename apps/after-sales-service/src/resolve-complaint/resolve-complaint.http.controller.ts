import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Headers,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  UnprocessableEntityException,
} from '@nestjs/common';
import { z } from 'zod';
import { BOUNDS, fieldIssues, issuesText, textProblem } from '@orderflow/contracts';
import { DomainError } from '@orderflow/decider';
import { UnitOfWorkFactory } from '@orderflow/platform';
import { actorOf, Caller, Principal, Requires } from '@orderflow/security';
import { GoodwillExceedsRefundable, refundableOf } from '../domain/complaint.decider';
import { ResolveComplaintHandler } from './resolve-complaint.handler';

const minorUnits = 'expected an integer amount in minor units';
/** An operator is an edge too: the same bounds and storable text as the inbound contracts (ADR 0011). Documented by ../docs/openapi.ts. */
export const ResolutionBody = z.object({
  resolution: z
    .string('expected a string')
    .min(1, 'expected 1 to 2000 characters')
    .max(2000, 'expected 1 to 2000 characters')
    .superRefine((text, ctx) => {
      const problem = textProblem(text);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  goodwillRefundMinor: z
    .number(minorUnits)
    .int(minorUnits)
    .min(0, 'expected ≥ 0')
    .max(BOUNDS.maxAmountMinor, `expected ≤ ${BOUNDS.maxAmountMinor}`)
    .optional(),
});

/** What the operator gets back: the complaint and the events the resolution recorded. */
export interface ResolutionSummary {
  complaintId: string;
  status: 'RESOLVED';
  events: { type: string; data: unknown }[];
}

/** Operators resolve complaints: POST /complaints/:complaintId/resolution. */
@Controller('complaints')
export class ResolveComplaintHttpController {
  constructor(
    private readonly handler: ResolveComplaintHandler,
    private readonly units: UnitOfWorkFactory,
  ) {}

  @Post(':complaintId/resolution')
  @Requires('complaints:resolve')
  @HttpCode(200)
  async resolve(
    @Param('complaintId') complaintId: string,
    @Body() body: unknown,
    @Caller() caller: Principal,
    @Headers('x-correlation-id') correlationId?: string,
  ): Promise<ResolutionSummary> {
    const parsed = ResolutionBody.safeParse(body ?? {});
    if (!parsed.success) throw new BadRequestException(issuesText(fieldIssues(parsed.error, { input: body ?? {} })));
    const messageId = randomUUID();
    const cause = { messageId, correlationId: correlationId?.trim() || messageId, actor: actorOf(caller) };
    try {
      const events = await this.units.run(cause, (uow) => this.handler.handle(complaintId, parsed.data, uow));
      return { complaintId, status: 'RESOLVED', events: events.map(({ type, data }) => ({ type, data })) };
    } catch (err) {
      if (err instanceof DomainError) throw httpErrorOf(err);
      throw err;
    }
  }
}

function httpErrorOf(err: DomainError): Error {
  if (err instanceof GoodwillExceedsRefundable) {
    const { field, order } = err;
    return new UnprocessableEntityException({
      statusCode: 422,
      error: 'Unprocessable Entity',
      message: err.message,
      field,
      refundableMinor: refundableOf(order),
      paidMinor: order.paidMinor,
      refundedMinor: order.refundedMinor,
      currency: order.currency,
    });
  }
  switch (err.code) {
    case 'unknown-complaint':
      return new NotFoundException(err.message);
    case 'already-resolved':
      return new ConflictException(err.message);
    default:
      return new UnprocessableEntityException(err.message);
  }
}
