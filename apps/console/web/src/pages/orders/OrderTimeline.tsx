import { useMemo } from 'react';
import { DataTable } from '../../ui/DataTable';
import { formatInstant } from '../../ui/format';
import type { TimelineEntry } from './order-types';
import { causeOf, indexByEventId, notificationsSent } from './timeline';

/**
 * Everything that happened to the order: when, which event (and in which stream), who did it, and
 * why (correlation: the one request it belongs to; causation: what led to it). A row's "View"
 * shows the order as it was right after that event; `asOf` greys out what came later.
 */
export function OrderTimeline({ events, asOf, onView }: { events: TimelineEntry[]; asOf: string | undefined; onView(position: number): void }) {
  const byEventId = useMemo(() => indexByEventId(events), [events]);
  const sent = useMemo(() => notificationsSent(events), [events]);
  return (
    <>
      <section aria-labelledby="timeline-title" className="captioned-by-heading">
        <h2 id="timeline-title">Timeline</h2>
        <DataTable
          caption="Timeline"
          rows={events}
          rowKey={(e) => e.eventId}
          // While an earlier state is shown, what had not happened yet is greyed out.
          rowClass={(e) => (asOf && e.recordedAt > asOf ? 'later' : undefined)}
          columns={[
            {
              header: 'When',
              cell: (e) => (
                <span id={`event-${e.eventId}`} className="when">
                  {formatInstant(e.recordedAt)}
                  <button type="button" className="link" onClick={() => onView(e.position)} aria-label={`Show the order right after ${e.type} #${e.position}`}>
                    View
                  </button>
                </span>
              ),
            },
            {
              header: 'Event',
              cell: (e) => (
                <details>
                  <summary>
                    <strong>{e.type}</strong> <span className="muted">#{e.position}</span>
                  </summary>
                  <p className="muted">
                    {e.service} · {e.streamId} v{e.streamVersion}
                  </p>
                  <pre>{JSON.stringify(e.data, null, 2)}</pre>
                </details>
              ),
            },
            { header: 'Actor', cell: (e) => e.actor ?? <span className="muted">system</span> },
            { header: 'Correlation', cell: (e) => (e.correlationId ? <code>{e.correlationId}</code> : '—') },
            {
              header: 'Causation',
              cell: (e) => {
                const cause = causeOf(e, byEventId);
                if (!cause) return '—';
                if ('id' in cause) return <code title="A message from outside the order's history">{cause.id}</code>;
                return <a href={`#event-${cause.entry.eventId}`}>{`${cause.entry.type} #${cause.entry.position}`}</a>;
              },
            },
          ]}
        />
      </section>
      <section aria-labelledby="notifications-title">
        <h2 id="notifications-title">Notifications sent</h2>
        <DataTable
          caption="Customer notifications on channel.notifications"
          rows={sent}
          rowKey={(n) => n.event.eventId}
          empty="None yet."
          columns={[
            { header: 'When', cell: (n) => formatInstant(n.event.recordedAt) },
            { header: 'Notification', cell: (n) => n.notification },
            { header: 'Caused by', cell: (n) => <a href={`#event-${n.event.eventId}`}>{`${n.event.type} #${n.event.position}`}</a> },
          ]}
        />
      </section>
    </>
  );
}
