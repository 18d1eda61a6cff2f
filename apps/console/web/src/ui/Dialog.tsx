import { ReactNode, useEffect, useId, useRef } from 'react';

/**
 * A modal dialog on the native <dialog>: showModal() moves focus in and keeps it there, Escape
 * closes it, and closing gives focus back to what opened it. Mounted while open: the parent
 * renders it only when there is something to ask, and unmounts it on `onClose`.
 */
export function Dialog({ title, onClose, children }: { title: string; onClose(): void; children: ReactNode }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    // Still open: a close queued by StrictMode's second effect run, not the user's.
    <dialog ref={dialog} aria-labelledby={titleId} onClose={() => !dialog.current?.open && onClose()}>
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>
  );
}
