import { useRef, useState } from 'react';
import { api, ApiError } from '../../api';
import { DataTable } from '../../ui/DataTable';
import { ErrorNote } from '../../ui/Page';
import { addPage, NOTHING_VERIFIED, Verification, VerifyPage } from './chain-verification';

/**
 * Verifies the whole store's hash chains (and seals), a page at a time as the API bounds it, adding
 * the pages up. The API runs one such page at a time (503 while another runs): that is said, not retried.
 */
export function VerifyChain() {
  const [verification, setVerification] = useState<Verification>();
  const [error, setError] = useState<Error>();
  const [running, setRunning] = useState(false);
  const stopped = useRef(false);

  const verify = async () => {
    setRunning(true);
    setError(undefined);
    stopped.current = false;
    let so = NOTHING_VERIFIED;
    setVerification(so);
    try {
      let cursor: string | undefined;
      do {
        const page = await api.get<VerifyPage>('/audit/verify', { cursor });
        so = addPage(so, page);
        setVerification(so);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && !stopped.current);
    } catch (err) {
      setError(err instanceof ApiError && err.status === 503 ? new Error(`Not now: ${err.message}`) : (err as Error));
    } finally {
      setRunning(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="verify-title">
      <h2 id="verify-title">Audit</h2>
      <div className="toolbar">
        <button type="button" onClick={verify} disabled={running}>
          Verify chain
        </button>
        {running ? (
          <button type="button" className="secondary" onClick={() => (stopped.current = true)}>
            Stop
          </button>
        ) : null}
      </div>
      {error ? <ErrorNote error={error} /> : null}
      {verification && verification.pages > 0 ? <VerificationResult v={verification} running={running} /> : running ? <p className="loading">Verifying…</p> : null}
    </section>
  );
}

function VerificationResult({ v, running }: { v: Verification; running: boolean }) {
  const scope = `${v.streamsChecked.toLocaleString()} streams, ${v.eventsChecked.toLocaleString()} events`;
  const verdict = running
    ? `Verifying… ${scope} so far`
    : !v.complete
      ? `Stopped after ${scope}`
      : v.ok
        ? `Chain verified: ${scope}, nothing altered or removed.`
        : `Chain broken: ${v.findings.length + v.findingsOmitted} finding(s) in ${scope}.`;
  return (
    <div aria-live="polite">
      <p role="status" className={v.ok ? undefined : 'error'}>
        {verdict}
      </p>
      <p className="muted">
        {v.sealsChecked ? `Seals: ${v.sealsVerified} verified, ${v.headsCompared} sealed heads compared.` : `Seals not checked${v.sealNotes.length ? `: ${v.sealNotes.join('; ')}` : ''}.`}
      </p>
      {v.findings.length > 0 ? (
        <DataTable
          caption="Findings"
          rows={v.findings}
          rowKey={(f) => `${f.kind}/${f.streamId ?? ''}/${f.streamVersion ?? ''}/${f.sealId ?? ''}`}
          columns={[
            { header: 'Kind', cell: (f) => f.kind },
            { header: 'Stream', cell: (f) => f.streamId ?? '—' },
            { header: 'Version', cell: (f) => f.streamVersion ?? '—', numeric: true },
            { header: 'Position', cell: (f) => f.globalPosition ?? '—', numeric: true },
            { header: 'Seal', cell: (f) => f.sealId ?? '—', numeric: true },
            { header: 'Reason', cell: (f) => f.reason },
          ]}
        />
      ) : null}
      {v.findingsOmitted > 0 ? <p className="muted">{v.findingsOmitted} more finding(s) not listed.</p> : null}
    </div>
  );
}
