/**
 * `fetch` for a client of orderflow's own APIs that may meet their rate limits (ADR 18): a 429 or
 * a 503 that says when to come back (Retry-After) is waited out and the request sent again, up to
 * `attempts` times; any other answer, or one without Retry-After, is returned as it came.
 */
export async function fetchHonouringRetryAfter(url: string, init: RequestInit = {}, attempts = 10): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(url, init);
    const retryAfter = Number(res.headers.get('retry-after'));
    if ((res.status !== 429 && res.status !== 503) || !Number.isFinite(retryAfter) || retryAfter <= 0 || attempt >= attempts) return res;
    await res.arrayBuffer().catch(() => undefined); // free the connection
    await new Promise((resolve) => setTimeout(resolve, Math.min(retryAfter, 30) * 1000));
  }
}
