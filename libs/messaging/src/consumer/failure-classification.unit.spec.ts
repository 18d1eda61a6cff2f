import { DatabaseError } from 'pg-protocol';
import { QueryFailedError } from 'typeorm';
import { DomainError } from '@orderflow/decider';
import { ConcurrencyError } from '@orderflow/event-store';
import { classifyFailure, UnprocessableMessage } from './failure-classification';

// kafkajs keeps its error classes internal; these are its real constructors.
const kafkaErrors = require('kafkajs/src/errors');

/** A PostgreSQL error as node-postgres raises it, wrapped the way TypeORM's query runner does. */
function pgError(code: string, message = `server said ${code}`): QueryFailedError {
  const driverError = Object.assign(new DatabaseError(message, 0, 'error'), { code, severity: 'ERROR' });
  return new QueryFailedError('SELECT 1', [], driverError);
}

function socketError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, errno: -111, syscall: 'connect' });
}

describe('classifyFailure: what a failure means, in one place', () => {
  describe('transient: the infrastructure is unwell, so the partition waits', () => {
    it.each([
      ['the database refuses connections', socketError('ECONNREFUSED')],
      ['a connection is reset', socketError('ECONNRESET')],
      ['a connection times out', socketError('ETIMEDOUT')],
      ['the server is shut down by an administrator (57P01)', pgError('57P01', 'terminating connection due to administrator command')],
      ['the server is starting up (57P03)', pgError('57P03', 'the database system is starting up')],
      ['a statement times out (57014)', pgError('57014', 'canceling statement due to statement timeout')],
      ['a connection exception (08006)', pgError('08006')],
      ['too many connections (53300)', pgError('53300', 'sorry, too many clients already')],
      ['a lock is not available in time (55P03)', pgError('55P03')],
      ['the connection ends mid-query', new Error('Connection terminated unexpectedly')],
      ['the pool cannot hand out a connection', new Error('timeout exceeded when trying to connect')],
      ['a broker connection fails', new kafkaErrors.KafkaJSConnectionError('Connection error: connect ECONNREFUSED')],
      ['a broker request times out', new kafkaErrors.KafkaJSRequestTimeoutError('Request Produce(key: 0, version: 7) timed out')],
      [
        'kafkajs gives up retrying a retriable error',
        new kafkaErrors.KafkaJSNumberOfRetriesExceeded(new kafkaErrors.KafkaJSConnectionError('Connection timeout'), { retryCount: 5 }),
      ],
      ['a retriable broker protocol error (leader moved)', Object.assign(new kafkaErrors.KafkaJSProtocolError('There is no leader'), { retriable: true })],
    ])('%s', (_what, err) => {
      expect(classifyFailure(err)).toBe('transient');
    });
  });

  describe('conflict: a lost race, decided again at once', () => {
    it.each([
      ['an optimistic-concurrency conflict of the event store', new ConcurrencyError('order-1', 3, 4)],
      ['a serialization failure (40001)', pgError('40001')],
      ['a deadlock (40P01)', pgError('40P01')],
      ['a concurrent insert of the same key (23505)', pgError('23505')],
    ])('%s', (_what, err) => {
      expect(classifyFailure(err)).toBe('conflict');
    });
  });

  describe('permanent: the message itself is wrong, so it is dead-lettered at once', () => {
    it.each([
      ['the domain refuses the command', new DomainError('unknown-shipment', 'shipment S-1 is unknown')],
      ['the message can never apply', new UnprocessableMessage('names an RMA that does not exist')],
      ['PostgreSQL cannot store the data (22P05, a NUL byte in jsonb)', pgError('22P05', 'unsupported Unicode escape sequence')],
      ['a number out of range (22003)', pgError('22003', 'integer out of range')],
      ['a not-null violation (23502)', pgError('23502')],
    ])('%s', (_what, err) => {
      expect(classifyFailure(err)).toBe('permanent');
    });
  });

  describe('unknown: retried a bounded number of times while the database answers', () => {
    it.each([
      ['a programming error', new TypeError("Cannot read properties of undefined (reading 'lines')")],
      ['an error of no known shape', new Error('warehouse system unreachable')],
      ['a thrown string', 'boom'],
      ['a non-retriable broker error', new kafkaErrors.KafkaJSNonRetriableError('Invalid message')],
    ])('%s', (_what, err) => {
      expect(classifyFailure(err)).toBe('unknown');
    });
  });

  it('looks through wrappers: a refusal wrapped as the cause of another error is still what it is', () => {
    const wrapped = new Error('unit of work failed', { cause: socketError('ECONNREFUSED') });
    expect(classifyFailure(wrapped)).toBe('transient');
  });
});
