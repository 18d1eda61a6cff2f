import { hashSecret, issueToken, parseToken, secretMatches } from './api-key-token';
import { RateLimiter } from './rate-limiter';
import { actorOf, can, PERMISSIONS, ROLE_PERMISSIONS, ROLES, scopeProblem } from './roles';

describe('API key tokens', () => {
  it('are ofk_<12 hex>_<43 base64url>, unique, and only their secret\'s hash is kept', () => {
    const a = issueToken();
    const b = issueToken();
    expect(a.token).toMatch(/^ofk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(a.token).not.toBe(b.token);
    const parsed = parseToken(a.token)!;
    expect(parsed.keyId).toBe(a.keyId);
    expect(a.secretHash).toBe(hashSecret(parsed.secret));
    expect(a.secretHash).not.toContain(parsed.secret);
    expect(secretMatches(parsed.secret, a.secretHash)).toBe(true);
    expect(secretMatches(parseToken(b.token)!.secret, a.secretHash)).toBe(false);
  });

  it('refuses anything else', () => {
    for (const bad of ['', 'ofk_', 'ofk_0123456789ab_short', `ofk_0123456789AB_${'a'.repeat(43)}`, `xfk_0123456789ab_${'a'.repeat(43)}`, `ofk_0123456789ab_${'a'.repeat(43)} `]) {
      expect(parseToken(bad)).toBeUndefined();
    }
  });
});

describe('roles', () => {
  it('give each permission to the roles the issue names, and no more', () => {
    const holders = Object.fromEntries(PERMISSIONS.map((p) => [p, ROLES.filter((r) => can({ role: r }, p))]));
    expect(holders).toEqual({
      'orders:read': ['channel', 'operator', 'auditor'],
      'shipments:read': ['channel', 'operator', 'auditor'],
      'returns:read': ['channel', 'operator', 'auditor'],
      'inventory:read': ['operator', 'auditor'],
      'reports:read': ['operator', 'auditor'],
      'projections:read': ['operator', 'auditor'],
      'audit:read': ['auditor'],
      'channel-orders:send': ['channel'],
      'warehouse-operations:send': ['warehouse'],
      'carrier-tracking:send': ['carrier'],
      'production-events:send': ['factory'],
      'complaints:resolve': ['operator'],
      'dead-letters:handle': ['operator'],
      'projections:rebuild': ['operator'],
      'keys:manage': ['admin'],
      'reference-data:manage': ['admin'],
      'webhooks:manage': ['channel', 'admin'],
    });
    // The auditor changes nothing.
    expect(ROLE_PERMISSIONS.auditor.every((p) => p.endsWith(':read'))).toBe(true);
  });

  it('need the scope of their kind and no other', () => {
    expect(scopeProblem('channel', { channel: 'webshop' })).toBeUndefined();
    expect(scopeProblem('warehouse', { warehouse: '*' })).toBeUndefined();
    expect(scopeProblem('carrier', { carrier: 'DHL' })).toBeUndefined();
    expect(scopeProblem('operator', {})).toBeUndefined();
    expect(scopeProblem('channel', {})).toMatch(/needs --channel/);
    expect(scopeProblem('channel', { channel: '*' })).toMatch(/one channel/);
    expect(scopeProblem('warehouse', { warehouse: 'WH*' })).toMatch(/--warehouse: expected/);
    expect(scopeProblem('auditor', { carrier: 'DHL' })).toMatch(/--carrier applies to carrier keys only/);
    expect(scopeProblem('channel', { channel: 'a b' })).toMatch(/--channel: expected/);
  });

  it('name the key as the actor', () => {
    expect(actorOf({ keyId: '0123456789ab', name: 'Olga', role: 'operator', scope: {} })).toBe('key:0123456789ab (operator "Olga")');
  });
});

describe('RateLimiter', () => {
  it('allows a burst, then the rate, and says how long to wait; keys are independent', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 3, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0]);
    expect(limiter.take('a')).toBe(1);
    expect(limiter.take('b')).toBe(0);
    now = 500; // one token back at 2 a second
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(1);
    expect(new RateLimiter(0, 1, () => now).take('x')).toBe(0);
  });
});
