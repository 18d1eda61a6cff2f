import { ReactNode, useId } from 'react';
import { CsvColumn, downloadCsv } from '../../ui/csv';

/** A report: its heading, what it shows, and its table as a CSV download. */
export function ReportPanel<T>({ title, csv, children }: { title: string; csv?: { filename: string; rows: readonly T[]; columns: readonly CsvColumn<T>[] }; children: ReactNode }) {
  const headingId = useId();
  return (
    <section className="panel" aria-labelledby={headingId}>
      <div className="page-header">
        <h2 id={headingId}>{title}</h2>
        {csv ? (
          <button type="button" className="secondary" onClick={() => downloadCsv(csv.filename, csv.rows, csv.columns)} aria-label={`Download CSV of ${title.toLowerCase()}`}>
            Download CSV
          </button>
        ) : null}
      </div>
      {children}
    </section>
  );
}

/** The one choice a report offers (group by, rank by): a labelled select over its options. */
export function ReportChoice<K extends string>({ id, label, value, options, onChange }: { id: string; label: string; value: K; options: Readonly<Record<K, string>>; onChange: (value: K) => void }) {
  return (
    <div className="toolbar">
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <select id={id} value={value} onChange={(e) => onChange(e.target.value as K)}>
          {(Object.keys(options) as K[]).map((k) => (
            <option key={k} value={k}>
              {options[k]}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
