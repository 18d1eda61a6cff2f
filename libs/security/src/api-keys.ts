import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EventStore, NewEvent, Tx, withTransaction } from '@orderflow/event-store';
import { issueToken, parseToken, secretMatches } from './api-key-token';
import { isRole, Principal, Role, Scope, scopeProblem } from './roles';

/** A key as listings show it: never its secret. */
export interface ApiKeyRecord {
  keyId: string;
  name: string;
  role: Role;
  scope: Scope;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
  revokedBy: string | null;
  lastUsedAt: string | null;
}

export class ApiKeyError extends Error {
  override readonly name = 'ApiKeyError';
}

interface KeyRow {
  key_id: string;
  name: string;
  role: string;
  channel: string | null;
  warehouse: string | null;
  carrier: string | null;
  secret_hash: string;
  created_at: Date;
  created_by: string;
  revoked_at: Date | null;
  revoked_by: string | null;
  last_used_at: Date | null;
}

/** The stream of one key's life: created, used, revoked (category `apikey`). */
export const apiKeyStream = (keyId: string) => `apikey-${keyId}`;
export const API_KEY_CATEGORY = 'apikey';

/**
 * Keys: issued, listed, revoked and checked. Every change is an event on the key's stream, written
 * in the same transaction as the `api_keys` row it changes, with the actor who did it.
 */
export class ApiKeys {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EventStore = new EventStore(dataSource),
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Issues a key; the token is returned once and never again. */
  async create(input: { role: string; scope?: Scope; name?: string; actor: string }): Promise<{ key: ApiKeyRecord; token: string }> {
    const { role, actor } = input;
    if (!isRole(role)) throw new ApiKeyError(`--role: expected one of channel, warehouse, carrier, operator, auditor, admin, got ${JSON.stringify(role)}`);
    const scope = stripUndefined(input.scope ?? {});
    const problem = scopeProblem(role, scope);
    if (problem) throw new ApiKeyError(problem);
    const name = (input.name ?? defaultName(role, scope)).trim();
    if (name.length === 0 || name.length > 200) throw new ApiKeyError('--name: expected 1 to 200 characters');
    const { keyId, token, secretHash } = issueToken();
    const now = this.clock();
    await withTransaction(this.dataSource, async (tx) => {
      await tx.query(
        `INSERT INTO api_keys (key_id, name, role, channel, warehouse, carrier, secret_hash, created_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [keyId, name, role, scope.channel ?? null, scope.warehouse ?? null, scope.carrier ?? null, secretHash, now, actor],
      );
      await this.record(tx, keyId, 'no_stream', 'ApiKeyCreated', { keyId, name, role, ...scope, createdAt: now.toISOString() }, actor);
    });
    return { key: { keyId, name, role, scope, createdAt: now.toISOString(), createdBy: actor, revokedAt: null, revokedBy: null, lastUsedAt: null }, token };
  }

  async list(): Promise<ApiKeyRecord[]> {
    const rows = (await this.dataSource.query(`SELECT * FROM api_keys ORDER BY created_at, key_id`)) as KeyRow[];
    return rows.map(toRecord);
  }

  /** Revokes a key at once: every service refuses it from its next request on. */
  async revoke(keyId: string, actor: string): Promise<ApiKeyRecord> {
    if (!/^[0-9a-f]{12}$/.test(keyId)) throw new ApiKeyError(`expected a key id of 12 hex digits (as keys list shows), got ${JSON.stringify(keyId)}`);
    return withTransaction(this.dataSource, async (tx) => {
      const [row] = (await tx.query(`SELECT * FROM api_keys WHERE key_id = $1 FOR UPDATE`, [keyId])) as KeyRow[];
      if (!row) throw new ApiKeyError(`no key ${keyId}`);
      if (row.revoked_at) throw new ApiKeyError(`key ${keyId} was already revoked at ${row.revoked_at.toISOString()} by ${row.revoked_by}`);
      const now = this.clock();
      await tx.query(`UPDATE api_keys SET revoked_at = $2, revoked_by = $3 WHERE key_id = $1`, [keyId, now, actor]);
      await this.record(tx, keyId, 'any', 'ApiKeyRevoked', { keyId, revokedAt: now.toISOString() }, actor);
      return toRecord({ ...row, revoked_at: now, revoked_by: actor });
    });
  }

  /** The principal a presented token stands for; undefined when it is malformed, unknown, wrong or revoked. */
  async authenticate(token: string): Promise<Principal | undefined> {
    const parsed = parseToken(token);
    if (!parsed) return undefined;
    const [row] = (await this.dataSource.query(`SELECT * FROM api_keys WHERE key_id = $1`, [parsed.keyId])) as KeyRow[];
    if (!row || row.revoked_at || !secretMatches(parsed.secret, row.secret_hash) || !isRole(row.role)) return undefined;
    return { keyId: row.key_id, name: row.name, role: row.role, scope: scopeOf(row) };
  }

  /** Records that a key was used: `uses` requests on `service` between `from` and `to`. */
  async recordUse(keyId: string, use: { service: string; uses: number; from: Date; to: Date }): Promise<void> {
    await withTransaction(this.dataSource, async (tx) => {
      await tx.query(`UPDATE api_keys SET last_used_at = greatest(last_used_at, $2) WHERE key_id = $1`, [keyId, use.to]);
      await this.record(
        tx,
        keyId,
        'any',
        'ApiKeyUsed',
        { keyId, service: use.service, uses: use.uses, from: use.from.toISOString(), to: use.to.toISOString() },
        `key:${keyId}`,
      );
    });
  }

  private async record(tx: Tx, keyId: string, expectedVersion: 'no_stream' | 'any', type: string, data: Record<string, unknown>, actor: string) {
    const eventId = randomUUID();
    const event: NewEvent = { eventId, type, data, metadata: { correlationId: eventId, actor } };
    await this.store.appendIn(tx, [{ streamId: apiKeyStream(keyId), events: [event], expectedVersion }]);
  }
}

function defaultName(role: Role, scope: Scope): string {
  const of = scope.channel ?? scope.warehouse ?? scope.carrier;
  return of ? `${role} ${of}` : role;
}

function stripUndefined(scope: Scope): Scope {
  return Object.fromEntries(Object.entries(scope).filter(([, v]) => v !== undefined && v !== '')) as Scope;
}

function scopeOf(row: KeyRow): Scope {
  return stripUndefined({ channel: row.channel ?? undefined, warehouse: row.warehouse ?? undefined, carrier: row.carrier ?? undefined });
}

function toRecord(row: KeyRow): ApiKeyRecord {
  return {
    keyId: row.key_id,
    name: row.name,
    role: row.role as Role,
    scope: scopeOf(row),
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    revokedBy: row.revoked_by,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
  };
}
