import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { fetchHonouringRetryAfter } from './throttled-fetch';

/** A real HTTP server that throttles the first requests, as a rate-limited orderflow API does. */
describe('fetchHonouringRetryAfter (real HTTP)', () => {
  let server: Server;
  let url: string;
  let answers: { status: number; retryAfter?: string }[] = [];
  let seen = 0;

  beforeAll(async () => {
    server = createServer((_, res) => {
      const next = answers[seen++] ?? { status: 200 };
      res.writeHead(next.status, next.retryAfter ? { 'retry-after': next.retryAfter } : {});
      res.end(JSON.stringify({ status: next.status }));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));
  beforeEach(() => {
    seen = 0;
  });

  it('waits out a 429 or 503 that says Retry-After and asks again', async () => {
    answers = [{ status: 429, retryAfter: '1' }, { status: 503, retryAfter: '1' }];
    const res = await fetchHonouringRetryAfter(url);
    expect([res.status, seen]).toEqual([200, 3]);
  });

  it('returns any other answer, one without Retry-After, and the last of its attempts as they came', async () => {
    answers = [{ status: 503 }];
    expect((await fetchHonouringRetryAfter(url)).status).toBe(503);
    seen = 0;
    answers = [{ status: 404, retryAfter: '1' }];
    expect((await fetchHonouringRetryAfter(url)).status).toBe(404);
    seen = 0;
    answers = [{ status: 429, retryAfter: '1' }, { status: 429, retryAfter: '1' }];
    expect([(await fetchHonouringRetryAfter(url, {}, 2)).status, seen]).toEqual([429, 2]);
  });
});
