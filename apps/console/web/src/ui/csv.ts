/** A table as CSV (RFC 4180: quoted where needed, CRLF line ends), the header row first. */
export interface CsvColumn<T> {
  header: string;
  value(row: T): string | number | boolean | null | undefined;
}

export function toCsv<T>(rows: readonly T[], columns: readonly CsvColumn<T>[]): string {
  const cell = (v: unknown) => {
    const text = v === null || v === undefined ? '' : String(v);
    return /[",\r\n]/.test(text) || /^[=+\-@\t]/.test(text) ? `"${escapeFormula(text).replace(/"/g, '""')}"` : text;
  };
  return [columns.map((c) => cell(c.header)).join(','), ...rows.map((r) => columns.map((c) => cell(c.value(r))).join(','))].join('\r\n') + '\r\n';
}

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @ first) is prefixed with a quote, so a
 * channel's text cannot become a formula on an operator's machine; negative numbers stay numbers.
 */
function escapeFormula(text: string): string {
  return /^[=+@\t]/.test(text) || (/^-/.test(text) && Number.isNaN(Number(text))) ? `'${text}` : text;
}

/** Offers the CSV as a download named `filename`. */
export function downloadCsv<T>(filename: string, rows: readonly T[], columns: readonly CsvColumn<T>[]): void {
  const url = URL.createObjectURL(new Blob([toCsv(rows, columns)], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}
