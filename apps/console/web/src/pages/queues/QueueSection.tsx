import { ReactNode, useId } from 'react';
import { Show } from '../../ui/Page';
import { Loaded } from '../../use-api';
import { QueuePage } from './queue-items';

/** One work queue: its heading, what it shows, and a word when more wait than the page holds. */
export function QueueSection<T>({ title, loaded, children }: { title: string; loaded: Loaded<QueuePage<T>>; children(items: T[]): ReactNode }) {
  const headingId = useId();
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      <Show loaded={loaded}>
        {(page) => (
          <>
            {children(page.items)}
            {page.nextCursor ? <p className="muted">The oldest {page.limit} are shown; more are waiting.</p> : null}
          </>
        )}
      </Show>
    </section>
  );
}
