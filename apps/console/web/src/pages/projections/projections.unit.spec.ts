import { describe, expect, it } from '@jest/globals';
import { addPage, NOTHING_VERIFIED, VerifyPage } from './chain-verification';
import { anyRebuilding, describeRebuild, ProjectionStatus, RebuildStatus, rebuildPercent } from './projection-status';

const rebuild = (state: RebuildStatus['state'], eventsDone: number, totalEvents: number): RebuildStatus => ({
  state,
  startedAt: '2025-03-10T12:00:00Z',
  updatedAt: '2025-03-10T12:00:05Z',
  finishedAt: null,
  totalEvents,
  eventsDone,
  ratePerSecond: 2000,
  etaSeconds: 30,
  error: state === 'failed' ? 'connection reset' : null,
});

describe('rebuild progress', () => {
  it('is the share of events replayed, in whole percent', () => {
    expect(rebuildPercent(rebuild('rebuilding', 333, 1000))).toBe(33);
    expect(rebuildPercent(rebuild('rebuilding', 0, 0))).toBe(0);
  });

  it('never passes 100 though events arrive during the replay, and is 100 once swapping', () => {
    expect(rebuildPercent(rebuild('rebuilding', 1200, 1000))).toBe(100);
    expect(rebuildPercent(rebuild('swapping', 10, 1000))).toBe(100);
  });

  it('is followed while any projection is rebuilding or swapping', () => {
    const status = (r: RebuildStatus | null) => ({ rebuild: r }) as ProjectionStatus;
    expect(anyRebuilding([status(null), status(rebuild('live', 5, 5))])).toBe(false);
    expect(anyRebuilding([status(null), status(rebuild('swapping', 5, 5))])).toBe(true);
  });

  it('says why a rebuild failed', () => {
    expect(describeRebuild(rebuild('failed', 1, 2))).toBe('Failed: connection reset');
  });
});

describe('verifying the chain page by page', () => {
  const page = (over: Partial<VerifyPage>): VerifyPage => ({
    ok: true,
    streamsChecked: 1000,
    eventsChecked: 5000,
    findings: [],
    findingsOmitted: 0,
    seals: { checked: false, note: 'no AUDIT_HMAC_KEY', sealsVerified: 0, headsCompared: 0 },
    nextCursor: 'c1',
    ...over,
  });

  it('adds the pages up, is not ok once any page found something, and is complete with the last page', () => {
    const finding = { kind: 'altered' as const, streamId: 'order-1', reason: 'hash mismatch' };
    const first = addPage(NOTHING_VERIFIED, page({}));
    expect(first).toMatchObject({ ok: true, complete: false, streamsChecked: 1000 });
    const both = addPage(first, page({ ok: false, findings: [finding], streamsChecked: 10, eventsChecked: 20, nextCursor: null }));
    expect(both).toMatchObject({ ok: false, complete: true, pages: 2, streamsChecked: 1010, eventsChecked: 5020, findings: [finding], sealsChecked: false, sealNotes: ['no AUDIT_HMAC_KEY'] });
  });
});
