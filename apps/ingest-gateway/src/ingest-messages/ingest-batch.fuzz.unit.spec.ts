import fc from 'fast-check';
import { gatewayRefusalProblem, hostileRequest } from '@orderflow/testing';
import { checkBatch } from './ingest-batch';

/*
 * The gateway checks a body exactly as the consumers check a record, and a batch is all or nothing.
 * Thrown at it: a hostile message alone, or among valid ones. It must answer 4xx, naming the field
 * of the hostile message when one field is wrong, and publish nothing; it must never throw.
 */

const SEED = 20_261_126;
const RUNS = 10_000;

describe('gateway batch check under hostile input (property-based, seeded)', () => {
  it(`refuses ${RUNS} generated hostile bodies with 4xx naming the field, publishing none of a batch`, () => {
    fc.assert(
      fc.property(hostileRequest(), (request) => {
        const check = checkBatch(request.hostile.topic, request.body);
        const answer = check.ok ? { status: 202 } : { status: check.status, message: check.message, results: 'results' in check ? check.results : undefined };
        const problem = gatewayRefusalProblem(answer, request);
        if (problem) throw new Error(`${request.hostile.kind} (${request.hostile.field ?? 'no field'}) at ${request.index} of ${request.size}: ${problem}`);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
