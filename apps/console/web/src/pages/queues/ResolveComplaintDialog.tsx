import { FormEvent, useState } from 'react';
import { api } from '../../api';
import { Dialog } from '../../ui/Dialog';
import { ComplaintItem } from './queue-items';

/**
 * Resolves a complaint through the after-sales service's operator endpoint. The service's refusal
 * (400: which field; 422: a goodwill refund above what is refundable) is shown here, in place.
 */
export function ResolveComplaintDialog({ complaint, onResolved, onClose }: { complaint: ComplaintItem; onResolved(): void; onClose(): void }) {
  const [resolution, setResolution] = useState('');
  const [goodwill, setGoodwill] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api.afterSales.post(`/complaints/${encodeURIComponent(complaint.complaintId)}/resolution`, {
        resolution: resolution.trim(),
        ...(goodwill === '' ? {} : { goodwillRefundMinor: Number(goodwill) }),
      });
      onResolved();
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };

  return (
    <Dialog title={`Resolve complaint ${complaint.complaintId}`} onClose={onClose}>
      <p className="muted">
        Order {complaint.orderNumber ?? complaint.orderId}, {complaint.category.toLowerCase()}, via {complaint.channel}.
      </p>
      <form onSubmit={submit} className="dialog-form">
        <label htmlFor="resolution">Resolution</label>
        <textarea id="resolution" rows={4} maxLength={2000} required autoFocus value={resolution} onChange={(e) => setResolution(e.target.value)} />
        <label htmlFor="goodwill">Goodwill refund (minor units)</label>
        <input id="goodwill" type="number" min={0} step={1} inputMode="numeric" value={goodwill} onChange={(e) => setGoodwill(e.target.value)} aria-describedby="goodwill-hint" />
        <span id="goodwill-hint" className="muted">
          Optional, in cents (or the currency&apos;s minor unit); at most what is still refundable.
        </span>
        {error ? (
          <p role="alert" className="error">
            {error}
          </p>
        ) : null}
        <div className="toolbar">
          <button type="submit" disabled={busy || resolution.trim() === ''}>
            Confirm resolution
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
