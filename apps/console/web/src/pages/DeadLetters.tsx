import { useState } from 'react';
import { api } from '../api';
import { navigate, useLocation } from '../router';
import { DataTable } from '../ui/DataTable';
import { formatInstant } from '../ui/format';
import { ErrorNote, Page, Show } from '../ui/Page';
import { useApi } from '../use-api';
import { CorrectionDialog } from './dead-letters/CorrectionDialog';
import { DeadLetter, DeadLetterCount, DeadLetterPage, initialTopic, readablePayload, replayedMessage } from './dead-letters/dead-letters';

/** Messages the services could not take, per source topic: read them, replay them, or correct one and replay it. */
export function DeadLettersPage(_: { params: Record<string, string> }) {
  const { query } = useLocation();
  const counts = useApi(() => api.get<{ topics: DeadLetterCount[] }>('/dead-letters'), []);
  const [announcement, setAnnouncement] = useState('');
  const topic = counts.data ? initialTopic(counts.data.topics, query.get('topic')) : undefined;

  return (
    <Page title="Dead letters">
      <p role="status" className="muted">
        {announcement}
      </p>
      <Show loaded={counts}>
        {({ topics }) => (
          <>
            <div className="toolbar">
              <div className="field">
                <label htmlFor="dlq-topic">Topic</label>
                <select id="dlq-topic" value={topic ?? ''} onChange={(e) => navigate(`/dead-letters?topic=${encodeURIComponent(e.target.value)}`, { replace: true })}>
                  {topics.map((t) => (
                    <option key={t.topic} value={t.topic}>
                      {t.topic} ({t.count})
                    </option>
                  ))}
                </select>
              </div>
            </div>
            {topic ? (
              <TopicLetters
                key={topic}
                topic={topic}
                onReplayed={(n) => {
                  setAnnouncement(replayedMessage(n));
                  counts.reload();
                }}
              />
            ) : null}
          </>
        )}
      </Show>
    </Page>
  );
}

function TopicLetters({ topic, onReplayed }: { topic: string; onReplayed(replayed: number): void }) {
  // Cursors of the pages before this one, for "Previous page".
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const page = useApi(() => api.get<DeadLetterPage>(`/dead-letters/${encodeURIComponent(topic)}`, { cursor }), [topic, cursor]);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [correcting, setCorrecting] = useState<DeadLetter>();
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);

  const replay = async (body: { ids: string[]; value?: string } | { all: true }) => {
    const { replayed } = await api.post<{ replayed: number }>(`/dead-letters/${encodeURIComponent(topic)}/replay`, body);
    setSelected(new Set());
    setCursors([undefined]);
    page.reload();
    onReplayed(replayed);
  };
  const replayFromToolbar = async (body: { ids: string[] } | { all: true }) => {
    setBusy(true);
    setError(undefined);
    try {
      await replay(body);
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  const toggle = (id: string, on: boolean) =>
    setSelected((ids) => {
      const next = new Set(ids);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const letters = page.data?.letters ?? [];
  const onlySelected = selected.size === 1 ? letters.find((l) => selected.has(l.id)) : undefined;

  return (
    <>
      <div className="toolbar">
        <button type="button" disabled={busy || selected.size === 0} onClick={() => replayFromToolbar({ ids: [...selected] })}>
          Replay selected
        </button>
        <button type="button" className="secondary" disabled={busy || !onlySelected} onClick={() => setCorrecting(onlySelected)} title="Select exactly one dead letter">
          Replay with correction
        </button>
        <button
          type="button"
          className="secondary"
          disabled={busy || letters.length === 0}
          onClick={() => window.confirm(`Replay every dead letter of ${topic}?`) && replayFromToolbar({ all: true })}
        >
          Replay all
        </button>
      </div>
      {error ? <ErrorNote error={error} /> : null}
      <Show loaded={page}>
        {(p) => (
          <>
            <DataTable
              caption="Dead letters"
              rows={p.letters}
              rowKey={(l) => l.id}
              empty={`No dead letter of ${topic}.`}
              columns={[
                {
                  header: 'Select',
                  cell: (l) => <input type="checkbox" aria-label={`Select ${l.id}`} checked={selected.has(l.id)} onChange={(e) => toggle(l.id, e.target.checked)} />,
                },
                { header: 'Id', cell: (l) => <code>{l.id}</code> },
                { header: 'Reason', cell: (l) => l.reason },
                { header: 'Consumer', cell: (l) => l.consumer },
                { header: 'Failed at', cell: (l) => formatInstant(l.failedAt) },
                { header: 'Source', cell: (l) => <code>{`${l.source.topic} ${l.source.partition}:${l.source.offset}`}</code> },
                { header: 'Key', cell: (l) => (l.key === null ? '—' : <code>{l.key}</code>) },
                {
                  header: 'Payload',
                  cell: (l) => (
                    <details>
                      <summary>Payload of {l.id}</summary>
                      <pre>{readablePayload(l.value)}</pre>
                    </details>
                  ),
                },
              ]}
            />
            <div className="toolbar">
              <button type="button" className="secondary" disabled={cursors.length === 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
                Previous page
              </button>
              <button type="button" className="secondary" disabled={!p.nextCursor} onClick={() => setCursors((c) => [...c, p.nextCursor!])}>
                Next page
              </button>
            </div>
          </>
        )}
      </Show>
      {correcting ? (
        <CorrectionDialog
          letter={correcting}
          onClose={() => setCorrecting(undefined)}
          onReplay={async (value) => {
            await replay({ ids: [correcting.id], value });
            setCorrecting(undefined);
          }}
        />
      ) : null}
    </>
  );
}
