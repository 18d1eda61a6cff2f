/**
 * The window every report covers, as the query API takes it (apps/query-service/src/reports/report-window.ts):
 * dates, from inclusive, to exclusive, midnight UTC. Empty `to`: up to now.
 */
export interface ReportWindow {
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The last `days` days including today (UTC): from that many days back, up to now. */
export function lastDays(days: number, now = new Date()): ReportWindow {
  return { from: isoDate(now.getTime() - (days - 1) * DAY_MS), to: '' };
}
