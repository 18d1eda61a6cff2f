import { describe, expect, it } from '@jest/globals';
import { deadlineBadge, SOON_HOURS } from './deadline';

const now = new Date('2025-03-10T12:00:00Z');
const due = (hoursFromNow: number, overdue = false) => ({ resolveBy: new Date(now.getTime() + hoursFromNow * 3_600_000).toISOString(), overdue });

describe('a complaint deadline badge', () => {
  it('is overdue once the deadline has passed, saying by how long', () => {
    expect(deadlineBadge(due(-3, true), now)).toEqual({ kind: 'overdue', text: 'overdue 3 h 0 min' });
  });

  it('is overdue when the deadline passed after the queue was read, though the API still said not overdue', () => {
    expect(deadlineBadge(due(-0.5, false), now).kind).toBe('overdue');
  });

  it(`is soon within ${SOON_HOURS} hours of the deadline, saying how long is left`, () => {
    expect(deadlineBadge(due(2), now)).toEqual({ kind: 'soon', text: 'due in 2 h 0 min' });
    expect(deadlineBadge(due(SOON_HOURS), now).kind).toBe('soon');
  });

  it('is ok further out', () => {
    expect(deadlineBadge(due(SOON_HOURS + 1), now)).toEqual({ kind: 'ok', text: 'due in 9 h 0 min' });
  });
});
