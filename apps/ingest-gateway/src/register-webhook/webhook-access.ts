import { BadRequestException, NotFoundException } from '@nestjs/common';
import { fieldIssues, issuesText } from '@orderflow/contracts';
import { Principal } from '@orderflow/security';
import { ChannelParam } from './webhook-registration';

/**
 * The channel of a webhook route, if the caller may manage it: a channel key its own channel only
 * (another channel's is answered 404, as if it did not exist: ADR 18), an admin key any channel.
 */
export function managedChannel(principal: Principal, channel: string): string {
  const parsed = ChannelParam.safeParse({ channel });
  if (!parsed.success) throw new BadRequestException(issuesText(fieldIssues(parsed.error, { input: { channel } })));
  if (principal.role === 'channel' && principal.scope.channel !== channel) throw new NotFoundException(`no channel "${channel}"`);
  return channel;
}

/** A JSON body from the gateway's raw-bytes parser (../infrastructure/http-body.ts). */
export function jsonBody(body: unknown): unknown {
  if (!Buffer.isBuffer(body) || body.length === 0) throw new BadRequestException('expected a JSON body');
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch (err) {
    throw new BadRequestException(`body is not JSON: ${(err as Error).message}`);
  }
}
