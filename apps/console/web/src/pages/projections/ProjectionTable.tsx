import { useState } from 'react';
import { api } from '../../api';
import { useSession } from '../../session';
import { DataTable } from '../../ui/DataTable';
import { Dialog } from '../../ui/Dialog';
import { formatAge, formatInstant } from '../../ui/format';
import { ErrorNote, Show } from '../../ui/Page';
import { useApi } from '../../use-api';
import { anyRebuilding, describeRebuild, isRebuilding, ProjectionStatus, rebuildPercent } from './projection-status';

/** Followed every second while a rebuild runs, else now and then. */
const REBUILDING_POLL_MS = 1000;
const IDLE_POLL_MS = 10_000;

/** Each projection's checkpoint, lag and last rebuild; a rebuild, once confirmed, followed live. */
export function ProjectionTable() {
  const { can } = useSession();
  const [polling, setPolling] = useState(IDLE_POLL_MS);
  const status = useApi(
    async () => {
      const answer = await api.get<{ projections: ProjectionStatus[] }>('/projections');
      setPolling(anyRebuilding(answer.projections) ? REBUILDING_POLL_MS : IDLE_POLL_MS);
      return answer;
    },
    [],
    { refreshMs: polling },
  );
  const [confirming, setConfirming] = useState<string>();
  const [error, setError] = useState<Error>();

  const start = async (projection: string) => {
    setError(undefined);
    try {
      await api.post('/projections/rebuild', { projection });
    } catch (err) {
      setError(err as Error);
    } finally {
      setConfirming(undefined);
      status.reload();
    }
  };

  return (
    <section className="panel" aria-labelledby="projections-title">
      <h2 id="projections-title">Projections</h2>
      {error ? <ErrorNote error={error} /> : null}
      <Show loaded={status}>
        {({ projections }) => {
          const busy = anyRebuilding(projections);
          const targets = [...projections.map((p) => p.name), 'all'];
          return (
            <>
              <DataTable
                caption="Projections"
                rows={projections}
                rowKey={(p) => p.name}
                columns={[
                  { header: 'Projection', cell: (p) => p.name },
                  { header: 'State', cell: (p) => p.state },
                  { header: 'Checkpoint', cell: (p) => p.checkpoint.position, numeric: true },
                  { header: 'Head', cell: (p) => p.headPosition, numeric: true },
                  { header: 'Lag (events)', cell: (p) => p.lagEvents, numeric: true },
                  { header: 'Lag', cell: (p) => formatAge(p.lagSeconds), numeric: true },
                  { header: 'Last rebuild', cell: (p) => <LastRebuild p={p} /> },
                ]}
              />
              {can('projections:rebuild') ? (
                <div className="toolbar">
                  {targets.map((name) => (
                    <button key={name} type="button" className={name === 'all' ? 'danger' : undefined} disabled={busy} onClick={() => setConfirming(name)}>
                      Rebuild {name}
                    </button>
                  ))}
                </div>
              ) : null}
            </>
          );
        }}
      </Show>
      {confirming ? (
        <Dialog title={`Rebuild ${confirming}?`} onClose={() => setConfirming(undefined)}>
          <p>
            {confirming === 'all' ? 'Every projection' : `The ${confirming} projection`} is replayed from the first event into new tables; the current ones keep answering until the rebuilt
            ones are swapped in. On a large store this takes minutes and loads the database.
          </p>
          <div className="toolbar">
            <button type="button" onClick={() => start(confirming)} autoFocus>
              Start rebuild of {confirming}
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(undefined)}>
              Cancel
            </button>
          </div>
        </Dialog>
      ) : null}
    </section>
  );
}

function LastRebuild({ p }: { p: ProjectionStatus }) {
  const r = p.rebuild;
  if (!r) return <span className="muted">never</span>;
  if (isRebuilding(r)) {
    const percent = rebuildPercent(r);
    return (
      <div className="field">
        <progress value={percent} max={100} aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100} aria-label={`Rebuild of ${p.name}`} />
        <span>
          {percent} % · {describeRebuild(r)}
        </span>
      </div>
    );
  }
  return (
    <span className={r.state === 'live' ? undefined : 'error'}>
      {describeRebuild(r)}
      {r.finishedAt ? <span className="muted"> · {formatInstant(r.finishedAt)}</span> : null}
    </span>
  );
}
