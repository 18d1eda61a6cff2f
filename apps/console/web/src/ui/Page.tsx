import { ReactNode, useEffect } from 'react';
import { Loaded } from '../use-api';

/** A page: its title (also the window's), and what it shows. */
export function Page({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · orderflow`;
  }, [title]);
  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">{title}</h1>
        {actions ? <div className="page-actions">{actions}</div> : null}
      </header>
      {children}
    </section>
  );
}

/** Loading and error states of a loaded value, the same on every page; the content once there is data. */
export function Show<T>({ loaded, children }: { loaded: Loaded<T>; children(data: T): ReactNode }) {
  if (loaded.error && loaded.data === undefined) return <ErrorNote error={loaded.error} />;
  if (loaded.data === undefined) return <p className="loading">Loading…</p>;
  return (
    <>
      {loaded.error ? <ErrorNote error={loaded.error} /> : null}
      {children(loaded.data)}
    </>
  );
}

export function ErrorNote({ error }: { error: Error }) {
  return (
    <p role="alert" className="error">
      {error.message}
    </p>
  );
}
