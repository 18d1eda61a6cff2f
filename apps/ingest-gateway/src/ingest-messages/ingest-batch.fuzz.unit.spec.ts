import fc from 'fast-check';
import { HostileRecord, hostileRecord, validMessage } from '@orderflow/testing';
import { BatchCheck, checkBatch } from './ingest-batch';

/*
 * The gateway checks a body exactly as the consumers check a record, and a batch is all or nothing.
 * Thrown at it: a hostile message alone, or among valid ones. It must answer 4xx, naming the field
 * of the hostile message when one field is wrong, and publish nothing; it must never throw.
 */

const SEED = 20_261_126;
const RUNS = 10_000;

/** Hostile over HTTP: the gateway sets keys and headers itself, and a JSON array is a batch there. */
const overHttp = (r: HostileRecord) => !r.transportOnly && r.kind !== 'array-of-messages';

/** Valid messages of the hostile one's topic, with message ids of their own (a repeat is refused too). */
const batchArb = hostileRecord()
  .filter(overHttp)
  .chain((hostile) => fc.tuple(fc.constant(hostile), fc.array(validMessage(hostile.topic), { maxLength: 3 }), fc.nat(), fc.boolean()))
  .map(([hostile, neighbours, at, alone]) => {
    if (alone) return { hostile, index: 0, size: 1, body: hostile.value };
    const index = at % (neighbours.length + 1);
    const ownId = (i: number) => `ffffffff-ffff-4fff-bfff-${String(i).padStart(12, '0')}`;
    const parts: Buffer[] = neighbours.map((m, i) => Buffer.from(JSON.stringify({ ...m, messageId: ownId(i) })));
    parts.splice(index, 0, hostile.value);
    const body = Buffer.concat([Buffer.from('['), ...parts.flatMap((p, i) => (i === 0 ? [p] : [Buffer.from(','), p])), Buffer.from(']')]);
    return { hostile, index, size: parts.length, body };
  });

function refusalProblem(check: BatchCheck, hostile: HostileRecord, index: number, size: number): string | undefined {
  if (check.ok) return 'accepted';
  if (!('results' in check)) {
    // The body as a whole: only for faults that make it unreadable as a batch.
    const wholeBody = ['not-a-message', 'deep-nesting'];
    return wholeBody.includes(hostile.kind) && (check.status === 400 || check.status === 413) ? undefined : `whole body refused: ${check.status} ${check.message}`;
  }
  if (check.status !== 422 || check.results.length !== size) return `422 with ${size} results expected, got ${check.status} with ${check.results.length}`;
  const mine = check.results[index];
  if (mine.status !== 'rejected') return `message ${index} is ${mine.status}`;
  if (hostile.field !== undefined && !mine.errors.some((e) => e.field === hostile.field)) {
    return `no error names ${hostile.field}: ${JSON.stringify(mine.errors).slice(0, 400)}`;
  }
  const others = check.results.filter((r, i) => i !== index && r.status !== 'not_published');
  return others.length === 0 ? undefined : `valid neighbours not reported as not published: ${JSON.stringify(others).slice(0, 300)}`;
}

describe('gateway batch check under hostile input (property-based, seeded)', () => {
  it(`refuses ${RUNS} generated hostile bodies with 4xx naming the field, publishing none of a batch`, () => {
    fc.assert(
      fc.property(batchArb, ({ hostile, index, size, body }) => {
        const check = checkBatch(hostile.topic, body);
        const problem = refusalProblem(check, hostile, index, size);
        if (problem) throw new Error(`${hostile.kind} (${hostile.field ?? 'no field'}) at ${index} of ${size}: ${problem}`);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
