import { describe, expect, it } from '@jest/globals';
import { correctionProblem, initialTopic, readablePayload, replayedMessage } from './dead-letters';

describe('a dead letter on the console', () => {
  it('shows a JSON payload indented, and any other payload as it came', () => {
    expect(readablePayload('{"orderId":"o-1","lines":[1]}')).toBe('{\n  "orderId": "o-1",\n  "lines": [\n    1\n  ]\n}');
    expect(readablePayload('not json {')).toBe('not json {');
  });

  it('refuses a correction that is not JSON before sending it, saying why', () => {
    expect(correctionProblem('{"a":1}')).toBeUndefined();
    expect(correctionProblem('  ')).toBe('The corrected message is empty.');
    expect(correctionProblem('{"a":')).toMatch(/^The corrected message is not JSON: /);
  });

  it('announces how many were replayed', () => {
    expect(replayedMessage(3)).toBe('Replayed 3 dead letter(s)');
  });

  it('opens on the topic asked for, else the first with letters waiting', () => {
    const counts = [
      { topic: 'channel.orders', count: 0 },
      { topic: 'carrier.tracking', count: 2 },
    ];
    expect(initialTopic(counts, 'channel.orders')).toBe('channel.orders');
    expect(initialTopic(counts, 'unknown')).toBe('carrier.tracking');
    expect(initialTopic(counts, null)).toBe('carrier.tracking');
    expect(initialTopic([{ topic: 'channel.orders', count: 0 }], null)).toBe('channel.orders');
    expect(initialTopic([], null)).toBeUndefined();
  });
});
