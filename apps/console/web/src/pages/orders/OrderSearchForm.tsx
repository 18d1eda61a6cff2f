import { FormEvent, useEffect, useState } from 'react';
import { filterProblem, OrderFilters } from './order-filters';
import { ORDER_STATUSES } from './order-types';

const TEXT_FIELDS = [
  { name: 'orderNumber', label: 'Order number', placeholder: 'OF-000123' },
  { name: 'channel', label: 'Channel', placeholder: 'web' },
  { name: 'externalOrderId', label: 'External order id', placeholder: '' },
  { name: 'customerId', label: 'Customer id', placeholder: '' },
  { name: 'sku', label: 'SKU', placeholder: '' },
] as const;

/** The search's filters; submitting hands them on (the page puts them in the URL). */
export function OrderSearchForm({ filters, onSearch }: { filters: OrderFilters; onSearch(filters: OrderFilters): void }) {
  const [draft, setDraft] = useState<OrderFilters>(filters);
  const [problem, setProblem] = useState<string>();
  // Back and Forward change the URL's filters: the form follows.
  useEffect(() => setDraft(filters), [filters]);
  const set = (name: keyof OrderFilters) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [name]: e.target.value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const wrong = filterProblem(draft);
    setProblem(wrong);
    if (!wrong) onSearch(draft);
  };
  return (
    <form className="filters" role="search" aria-label="Order search" onSubmit={submit}>
      {TEXT_FIELDS.map((f) => (
        <div className="field" key={f.name}>
          <label htmlFor={`filter-${f.name}`}>{f.label}</label>
          <input id={`filter-${f.name}`} value={draft[f.name] ?? ''} onChange={set(f.name)} placeholder={f.placeholder || undefined} autoComplete="off" />
        </div>
      ))}
      <div className="field">
        <label htmlFor="filter-status">Status</label>
        <select id="filter-status" value={draft.status ?? ''} onChange={set('status')}>
          <option value="">Any</option>
          {ORDER_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-placedFrom">Placed from</label>
        <input id="filter-placedFrom" type="date" value={draft.placedFrom ?? ''} onChange={set('placedFrom')} />
      </div>
      <div className="field">
        <label htmlFor="filter-placedTo">Placed to</label>
        <input id="filter-placedTo" type="date" value={draft.placedTo ?? ''} onChange={set('placedTo')} aria-describedby={problem ? 'filter-problem' : undefined} />
      </div>
      <button type="submit">Search</button>
      <button type="button" className="secondary" onClick={() => onSearch({})}>
        Clear
      </button>
      {problem ? (
        <p id="filter-problem" role="alert" className="error">
          {problem}
        </p>
      ) : null}
    </form>
  );
}
