import { api } from '../../api';
import { Link } from '../../router';
import { useSession } from '../../session';
import { DataTable } from '../../ui/DataTable';
import { formatAge, formatInstant } from '../../ui/format';
import { Show } from '../../ui/Page';
import { useApi } from '../../use-api';
import type { Pipeline } from './overview-types';
import { backlogByService } from './pipeline';
import { readHealth, ServiceHealth, SERVICES } from './service-health';

const BADGE: Record<ServiceHealth['state'], string> = { ok: 'ok', degraded: 'soon', unavailable: 'overdue', unreachable: 'overdue' };

/** Is everything running and keeping up: each service's health, its backlog, the projections' lag, the dead letters. */
export function PipelinePanel() {
  const { can } = useSession();
  const health = useApi(() => Promise.all(SERVICES.map(async (s) => api.health(s).then((h) => readHealth(s, h.httpStatus, h.body)))), [], { refreshMs: 15_000 });
  const pipeline = useApi(() => api.get<Pipeline>('/pipeline'), [], { refreshMs: 15_000 });
  return (
    <>
      <h2 id="pipeline-title">Services and pipeline</h2>
      <div className="grid">
        <section className="panel" aria-labelledby="health-title">
          <h3 id="health-title">Services</h3>
          <Show loaded={health}>
            {(services) => (
              <ul className="health-list">
                {services.map((h) => (
                  <li key={h.service}>
                    <span className={`badge ${BADGE[h.state]}`}>{h.state}</span> <strong>{h.service}</strong>
                    {h.down.length ? <span className="error"> — down: {h.down.join(', ')}</span> : null}
                    {h.problems.length ? (
                      <ul className="muted">
                        {h.problems.map((p) => (
                          <li key={p.component}>
                            {p.component}: {p.detail}
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </Show>
        </section>
        <Show loaded={pipeline}>
          {(p) => (
            <>
              <section className="panel" aria-labelledby="backlog-title">
                <h3 id="backlog-title">Backlog per service</h3>
                <DataTable
                  caption={`Consumer lag, taken ${formatInstant(p.at)}`}
                  rows={backlogByService(p.consumers)}
                  rowKey={(b) => b.service}
                  columns={[
                    { header: 'Service', cell: (b) => b.service },
                    {
                        header: 'Behind on',
                        cell: (b) => {
                          const behind = b.topics.filter((t) => t.lag > 0);
                          return behind.length ? behind.map((t) => `${t.topic} (${t.lag})`).join(', ') : <span className="muted">none of {b.topics.length} topics</span>;
                        },
                      },
                    { header: 'Lag', numeric: true, cell: (b) => <span className={b.lag > 0 ? 'low' : undefined}>{b.lag}</span> },
                  ]}
                />
                <DataTable
                  caption="Projection lag"
                  rows={p.projections}
                  rowKey={(r) => r.projection}
                  columns={[
                    { header: 'Projection', cell: (r) => r.projection },
                    { header: 'Events behind', numeric: true, cell: (r) => r.lagEvents },
                    { header: 'Behind by', numeric: true, cell: (r) => formatAge(r.lagSeconds) },
                  ]}
                />
              </section>
              <section className="panel" aria-labelledby="dlq-title">
                <h3 id="dlq-title">Dead letters</h3>
                <DataTable
                  caption="Dead letters per topic"
                  rows={p.deadLetters}
                  rowKey={(d) => d.topic}
                  empty="No dead letters."
                  columns={[
                    { header: 'Topic', cell: (d) => (can('dead-letters:handle') ? <Link to={`/dead-letters?topic=${encodeURIComponent(d.topic)}`}>{d.topic}</Link> : d.topic) },
                    { header: 'Letters', numeric: true, cell: (d) => <span className={d.count > 0 ? 'low' : undefined}>{d.count}</span> },
                  ]}
                />
              </section>
            </>
          )}
        </Show>
      </div>
    </>
  );
}
