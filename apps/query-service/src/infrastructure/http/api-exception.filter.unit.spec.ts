import { ArgumentsHost } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiExceptionFilter } from './api-exception.filter';

/** What the filter answers, captured from a stand-in HTTP adapter (Express and Fastify both answer through one). */
function answer(exception: unknown) {
  const sent = { status: 0, headers: {} as Record<string, string>, body: undefined as unknown };
  const adapter = {
    setHeader: (_res: unknown, k: string, v: string) => (sent.headers[k.toLowerCase()] = v),
    reply: (_res: unknown, body: unknown, status: number) => Object.assign(sent, { body, status }),
    getRequestMethod: () => 'GET',
    getRequestUrl: () => '/orders/x',
  };
  const req = { headers: {} };
  const host = { switchToHttp: () => ({ getRequest: () => req, getResponse: () => ({}) }) } as unknown as ArgumentsHost;
  new ApiExceptionFilter({ httpAdapter: adapter } as unknown as HttpAdapterHost).catch(exception, host);
  return sent;
}

describe('the query API error answer', () => {
  beforeAll(() => jest.spyOn(console, 'error').mockImplementation(() => undefined));

  it('is 503 with Retry-After when the database cannot give a connection in time, not 500', () => {
    const sent = answer(new Error('timeout exceeded when trying to connect'));
    expect(sent.status).toBe(503);
    expect(sent.headers['retry-after']).toBe('1');
    expect(sent.body).toMatchObject({ statusCode: 503, message: expect.stringMatching(/retry/) });
  });

  it('stays 500 with a correlation id for a failure of no known kind', () => {
    const sent = answer(new TypeError('boom'));
    expect(sent.status).toBe(500);
    expect(sent.body).toMatchObject({ statusCode: 500, correlationId: expect.any(String) });
  });
});
