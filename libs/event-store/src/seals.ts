import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { GENESIS_HASH } from './hash';
import { advisoryLockKey } from './leader-lock';
import { Tx, withTransaction } from './transaction';
import { GlobalCheckpoint, START_OF_STREAM } from './types';

/**
 * Seals of the streams' heads (docs/adr/0019). The key is the caller's: it never reaches the
 * database, so someone who can rewrite the tables cannot sign what they wrote.
 */

/** A seal holds at most this many heads; more changed streams make several seals at one point. */
export const DEFAULT_HEADS_PER_SEAL = 10_000;

/** The key's fingerprint, stored with each seal so a verification with another key says so. */
export function sealKeyId(key: Buffer): string {
  return createHmac('sha256', key).update('orderflow/audit-key-id').digest('hex').slice(0, 16);
}

export interface SealedHead {
  streamId: string;
  streamVersion: number;
  hash: string;
}

/** The HMAC of one head within one seal: a head row cannot be changed, or moved to another seal, without the key. */
export function sealHeadMac(key: Buffer, sealId: number, head: SealedHead): string {
  return createHmac('sha256', key)
    .update(`orderflow/seal-head/v1\n${sealId}\n${JSON.stringify(head.streamId)}\n${head.streamVersion}\n${head.hash}`)
    .digest('hex');
}

/** Streams in UTF-16 code unit order: the same in every process, whatever the database's collation. */
export function byStreamId<T extends { streamId: string }>(a: T, b: T): number {
  return a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0;
}

/** SHA-256 over a seal's head MACs in stream order: binds which heads, and how many, the seal holds. */
export function sealHeadsDigest(headMacs: readonly { streamId: string; mac: string }[]): string {
  const hash = createHash('sha256');
  for (const h of [...headMacs].sort(byStreamId)) hash.update(`${h.mac}\n`);
  return hash.digest('hex');
}

export interface SealRecord {
  sealId: number;
  sealedAt: Date;
  upto: GlobalCheckpoint;
  headsCount: number;
  headsDigest: string;
  keyId: string;
  prevSignature: string;
  signature: string;
}

/** The HMAC that signs a seal: its fields, its heads' digest and the signature of the seal before it. */
export function sealSignature(key: Buffer, seal: Omit<SealRecord, 'signature'>): string {
  return createHmac('sha256', key)
    .update(
      [
        'orderflow/stream-head-seal/v1',
        `seal ${seal.sealId}`,
        `sealed-at ${seal.sealedAt.toISOString()}`,
        `upto ${seal.upto.transactionId}/${seal.upto.globalPosition}`,
        `heads ${seal.headsCount} ${seal.headsDigest}`,
        `key ${seal.keyId}`,
        `prev ${seal.prevSignature}`,
      ].join('\n'),
    )
    .digest('hex');
}

/** Constant-time comparison of two hex MACs. */
export function sameMac(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

export interface SealOptions {
  /** The time each seal records. */
  clock?: () => Date;
  headsPerSeal?: number;
}

export interface SealResult {
  /** The seals written, oldest first; none when no stream changed since the last seal. */
  seals: Pick<SealRecord, 'sealId' | 'headsCount' | 'signature'>[];
  /** Stream heads sealed in all. */
  heads: number;
  /** The point of the global order the store is now sealed up to. */
  upto: GlobalCheckpoint;
}

interface SealRow {
  seal_id: string;
  upto_transaction_id: string;
  upto_position: string;
  signature: string;
}

/** Serialises sealers (a CLI run and the periodic one) within the store, whoever holds the leader lock. */
const SEALING_LOCK = advisoryLockKey('orderflow:audit-seals');

/**
 * Seals the head of every stream that changed since the last seal, up to the last point of the
 * global order that is safe to read (every transaction before it has ended, so no event can appear
 * behind it later). One transaction; heads beyond `headsPerSeal` go to further seals at the same
 * point, each chained to the one before.
 */
export async function sealStreamHeads(dataSource: DataSource, key: Buffer, options: SealOptions = {}): Promise<SealResult> {
  const headsPerSeal = options.headsPerSeal ?? DEFAULT_HEADS_PER_SEAL;
  if (!Number.isInteger(headsPerSeal) || headsPerSeal < 1) throw new Error(`headsPerSeal must be a whole number of at least 1, got ${headsPerSeal}`);
  const sealedAt = (options.clock ?? (() => new Date()))();
  return withTransaction(dataSource, async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock($1::bigint)`, [SEALING_LOCK]);
    const [last] = (await tx.query(
      `SELECT seal_id, upto_transaction_id::text AS upto_transaction_id, upto_position, signature
         FROM audit_seals ORDER BY seal_id DESC LIMIT 1`,
    )) as SealRow[];
    const from: GlobalCheckpoint = last
      ? { transactionId: last.upto_transaction_id, globalPosition: Number(last.upto_position) }
      : START_OF_STREAM;
    const [head] = (await tx.query(
      `SELECT transaction_id::text AS transaction_id, global_position FROM events
        WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
          AND (transaction_id, global_position) > ($1::xid8, $2::bigint)
        ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
      [from.transactionId, from.globalPosition],
    )) as { transaction_id: string; global_position: string }[];
    if (!head) return { seals: [], heads: 0, upto: from };
    const upto: GlobalCheckpoint = { transactionId: head.transaction_id, globalPosition: Number(head.global_position) };
    const heads = await changedHeads(tx, from, upto);
    heads.sort(byStreamId);

    const keyId = sealKeyId(key);
    let sealId = last ? Number(last.seal_id) : 0;
    let prevSignature = last?.signature ?? GENESIS_HASH;
    const seals: SealResult['seals'] = [];
    for (let start = 0; start < heads.length; start += headsPerSeal) {
      sealId += 1;
      const chunk = heads.slice(start, start + headsPerSeal);
      const macs = chunk.map((h) => sealHeadMac(key, sealId, h));
      const unsigned = {
        sealId,
        sealedAt,
        upto,
        headsCount: chunk.length,
        headsDigest: sealHeadsDigest(chunk.map((h, i) => ({ streamId: h.streamId, mac: macs[i] }))),
        keyId,
        prevSignature,
      };
      const signature = sealSignature(key, unsigned);
      await tx.query(
        `INSERT INTO audit_seals (seal_id, sealed_at, upto_transaction_id, upto_position, heads_count, heads_digest, key_id, prev_signature, signature)
         VALUES ($1, $2, $3::xid8, $4, $5, $6, $7, $8, $9)`,
        [sealId, sealedAt, upto.transactionId, upto.globalPosition, chunk.length, unsigned.headsDigest, keyId, prevSignature, signature],
      );
      await tx.query(
        `INSERT INTO audit_seal_heads (seal_id, stream_id, stream_version, hash, mac)
         SELECT $1, h.stream_id, h.stream_version, h.hash, h.mac
           FROM unnest($2::text[], $3::integer[], $4::text[], $5::text[]) AS h(stream_id, stream_version, hash, mac)`,
        [sealId, chunk.map((h) => h.streamId), chunk.map((h) => h.streamVersion), chunk.map((h) => h.hash), macs],
      );
      seals.push({ sealId, headsCount: chunk.length, signature });
      prevSignature = signature;
    }
    return { seals, heads: heads.length, upto };
  });
}

/** The head, as of `upto`, of each stream with an event after `from`: per-stream order follows the global order. */
async function changedHeads(tx: Tx, from: GlobalCheckpoint, upto: GlobalCheckpoint): Promise<SealedHead[]> {
  const rows = (await tx.query(
    `SELECT DISTINCT ON (stream_id) stream_id, stream_version, hash FROM events
      WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
        AND (transaction_id, global_position) <= ($3::xid8, $4::bigint)
      ORDER BY stream_id, stream_version DESC`,
    [from.transactionId, from.globalPosition, upto.transactionId, upto.globalPosition],
  )) as { stream_id: string; stream_version: number; hash: string }[];
  return rows.map((r) => ({ streamId: r.stream_id, streamVersion: r.stream_version, hash: r.hash }));
}
