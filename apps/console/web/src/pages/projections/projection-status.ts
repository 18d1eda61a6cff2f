import { formatAge } from '../../ui/format';

/** GET /projections (libs/projections/src/status.ts). */
export interface RebuildStatus {
  state: 'rebuilding' | 'swapping' | 'live' | 'failed' | 'abandoned';
  startedAt: string | null;
  updatedAt: string | null;
  finishedAt: string | null;
  totalEvents: number;
  eventsDone: number;
  ratePerSecond: number;
  etaSeconds: number;
  error: string | null;
}

export interface ProjectionStatus {
  name: string;
  state: 'live' | 'rebuilding';
  checkpoint: { position: number; transactionId: string };
  headPosition: number;
  lagEvents: number;
  lagSeconds: number;
  rebuild: RebuildStatus | null;
}

export const isRebuilding = (rebuild: RebuildStatus | null | undefined): boolean => rebuild?.state === 'rebuilding' || rebuild?.state === 'swapping';

export const anyRebuilding = (projections: readonly ProjectionStatus[]): boolean => projections.some((p) => isRebuilding(p.rebuild));

/**
 * How far a rebuild is, in whole percent: events replayed of those it set out to replay. Swapping
 * is the last step (replay done); an empty store is done at once. Never above 100: the total is
 * the head when it began, and events keep arriving.
 */
export function rebuildPercent(rebuild: RebuildStatus): number {
  if (rebuild.state === 'swapping' || rebuild.state === 'live') return 100;
  if (rebuild.totalEvents <= 0) return 0;
  return Math.min(100, Math.floor((rebuild.eventsDone / rebuild.totalEvents) * 100));
}

/** The progress in words, beside the bar. */
export function describeRebuild(rebuild: RebuildStatus): string {
  switch (rebuild.state) {
    case 'rebuilding':
      return `${rebuild.eventsDone.toLocaleString()} of ${rebuild.totalEvents.toLocaleString()} events replayed, ${Math.round(rebuild.ratePerSecond).toLocaleString()}/s, about ${formatAge(rebuild.etaSeconds)} left`;
    case 'swapping':
      return 'Replayed; swapping the rebuilt tables in';
    case 'live':
      return `Rebuilt: ${rebuild.eventsDone.toLocaleString()} events replayed`;
    case 'failed':
      return `Failed: ${rebuild.error ?? 'no reason recorded'}`;
    case 'abandoned':
      return `Abandoned: ${rebuild.error ?? 'the process running it stopped'}`;
  }
}
