import type { TimelineEntry } from './order-types';

/**
 * The steps of the order page's "As of" slider: one per timeline entry, oldest to newest. The
 * rightmost step is now (the live document); any other asks for the order as it was when its
 * entry was recorded (GET /orders/{id}?asOf=). The store keeps recorded_at to the millisecond, as
 * the timeline gives it, so that instant includes the entry itself; entries recorded in the same
 * millisecond (one transaction) show together.
 */
export interface AsOfStep {
  index: number;
  position: number;
  type: string;
  recordedAt: string;
}

export function asOfSteps(events: readonly TimelineEntry[]): AsOfStep[] {
  return [...events]
    .sort((a, b) => a.position - b.position)
    .map((e, index) => ({ index, position: e.position, type: e.type, recordedAt: e.recordedAt }));
}

/** The instant to ask for at `index`; undefined for the rightmost step (now) or no steps at all. */
export function asOfInstant(steps: readonly AsOfStep[], index: number | undefined): string | undefined {
  if (index === undefined || index >= steps.length - 1 || index < 0) return undefined;
  return steps[index].recordedAt;
}

/** What the slider says for a step (also its aria-valuetext). */
export function stepLabel(steps: readonly AsOfStep[], index: number): string {
  const step = steps[index];
  if (!step) return 'now';
  const where = `event ${index + 1} of ${steps.length}: ${step.type}`;
  return index === steps.length - 1 ? `now (${where})` : where;
}
