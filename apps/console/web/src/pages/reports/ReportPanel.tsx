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
