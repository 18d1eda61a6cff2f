import { createHmac } from 'node:crypto';
import { signatureHeader, signatureOf, verifySignature } from './webhook-signature';

const SECRET = 'whsec_0123456789abcdef0123456789';
const BODY = '{"type":"OrderConfirmed","messageId":"5b8f6a4e-58c4-4b6e-9d1a-3f0c2a7e9b11","orderNumber":"OF-1"}';
const AT = new Date('2026-12-02T10:00:00.750Z');

describe('the Orderflow-Signature header', () => {
  it('is t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" under the secret>', () => {
    const t = 1796205600;
    const expected = createHmac('sha256', SECRET).update(`${t}.${BODY}`).digest('hex');
    expect(signatureHeader(SECRET, BODY, AT)).toBe(`t=${t},v1=${expected}`);
    expect(signatureOf(SECRET, t, BODY)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('verifies with the secret, within the tolerance, and on the very bytes that were signed', () => {
    const header = signatureHeader(SECRET, BODY, AT);
    expect(verifySignature(SECRET, header, BODY, AT)).toEqual({ ok: true, timestamp: 1796205600 });
    expect(verifySignature(SECRET, header, BODY, new Date(AT.getTime() + 299_000)).ok).toBe(true);
    expect(verifySignature(SECRET, header, `${BODY} `, AT)).toEqual({ ok: false, reason: 'no v1 signature matches' });
    expect(verifySignature(`${SECRET}x`, header, BODY, AT)).toEqual({ ok: false, reason: 'no v1 signature matches' });
    expect(verifySignature(SECRET, header, BODY, new Date(AT.getTime() + 301_000))).toMatchObject({ ok: false, reason: expect.stringMatching(/tolerance/) });
  });

  it('refuses a header that is missing, malformed, or whose timestamp was changed', () => {
    const header = signatureHeader(SECRET, BODY, AT);
    expect(verifySignature(SECRET, undefined, BODY, AT)).toEqual({ ok: false, reason: 'no signature header' });
    expect(verifySignature(SECRET, 'v1', BODY, AT).ok).toBe(false);
    expect(verifySignature(SECRET, header.replace(/^t=\d+/, 't=1796205601'), BODY, AT).ok).toBe(false);
    expect(verifySignature(SECRET, header.replace(/v1=.*/, 'v1=zz'), BODY, AT).ok).toBe(false);
  });

  it('accepts any one of several v1 signatures (a receiver rotating its secret)', () => {
    const header = signatureHeader(SECRET, BODY, AT);
    expect(verifySignature(SECRET, `${header.split(',')[0]},v1=${'0'.repeat(64)},${header.split(',')[1]}`, BODY, AT).ok).toBe(true);
  });
});
