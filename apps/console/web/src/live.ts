import { useEffect, useRef } from 'react';
import { apiUrl, authHeaders } from './api';

/** One event of GET /live (server-sent events). */
export interface LiveEvent {
  event: string;
  data: unknown;
}

/**
 * Splits a server-sent event stream into events. Fed chunks as they arrive; keeps the unfinished
 * tail for the next chunk. Comment lines (": keep-alive") are skipped.
 */
export class EventStreamParser {
  private buffer = '';

  push(chunk: string): LiveEvent[] {
    this.buffer += chunk.replace(/\r\n?/g, '\n');
    const events: LiveEvent[] = [];
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':') || line === '') continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
      if (data.length === 0) continue;
      const text = data.join('\n');
      try {
        events.push({ event, data: JSON.parse(text) });
      } catch {
        events.push({ event, data: text });
      }
    }
    return events;
  }
}

/**
 * Calls `onEvent` for every live event while mounted. fetch, not EventSource: EventSource cannot
 * send the Authorization header. Reconnects after a drop (1 s, doubling to 30 s).
 */
export function useLive(onEvent: (e: LiveEvent) => void, enabled = true): void {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    if (!enabled) return;
    const abort = new AbortController();
    let delay = 1000;
    const connect = async () => {
      while (!abort.signal.aborted) {
        try {
          const res = await fetch(apiUrl('query', '/live'), { headers: { accept: 'text/event-stream', ...authHeaders() }, signal: abort.signal });
          if (!res.ok || !res.body) throw new Error(`live: ${res.status}`);
          delay = 1000;
          const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
          const parser = new EventStreamParser();
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            for (const e of parser.push(value)) handler.current(e);
          }
        } catch {
          if (abort.signal.aborted) return;
        }
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 30_000);
      }
    };
    void connect();
    return () => abort.abort();
  }, [enabled]);
}
