import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Who and what the work in progress is for: set around the handling of one message or one HTTP
 * request, read by every log line written meanwhile (the trace id comes from the active span).
 */
export interface WorkContext {
  correlationId?: string;
  causationId?: string;
  /** The message (event id) or request being handled. */
  messageId?: string;
}

const storage = new AsyncLocalStorage<WorkContext>();

/** Runs `fn` with `context` as the current work context (merged over the enclosing one). */
export function withWorkContext<T>(context: WorkContext, fn: () => T): T {
  const outer = storage.getStore();
  return storage.run(outer ? { ...outer, ...context } : context, fn);
}

export function currentWorkContext(): WorkContext | undefined {
  return storage.getStore();
}
