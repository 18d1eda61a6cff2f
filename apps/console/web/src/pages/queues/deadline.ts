import { formatAge } from '../../ui/format';

export type DeadlineKind = 'overdue' | 'soon' | 'ok';

/** Within this many hours of its deadline, a complaint is flagged "soon": a shift's time to act. */
export const SOON_HOURS = 8;

/**
 * How close a complaint is to its deadline, as its badge says it: overdue (the query API's own
 * verdict, or the deadline has passed since it answered), soon, or ok.
 */
export function deadlineBadge(complaint: { resolveBy: string; overdue: boolean }, now: Date): { kind: DeadlineKind; text: string } {
  const leftSeconds = (new Date(complaint.resolveBy).getTime() - now.getTime()) / 1000;
  if (complaint.overdue || leftSeconds <= 0) return { kind: 'overdue', text: `overdue ${formatAge(-leftSeconds)}` };
  return { kind: leftSeconds <= SOON_HOURS * 3600 ? 'soon' : 'ok', text: `due in ${formatAge(leftSeconds)}` };
}
