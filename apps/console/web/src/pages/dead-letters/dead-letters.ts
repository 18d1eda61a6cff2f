/** GET /dead-letters and /dead-letters/:topic (apps/query-service/src/dead-letters). */
export interface DeadLetterCount {
  topic: string;
  count: number;
}

export interface DeadLetter {
  id: string;
  reason: string;
  consumer: string;
  failedAt: string;
  source: { topic: string; partition: string; offset: string };
  key: string | null;
  value: string;
}

export interface DeadLetterPage {
  topic: string;
  letters: DeadLetter[];
  nextCursor: string | null;
}

/** The payload as an operator reads it: indented when it is JSON, as it came when it is not. */
export function readablePayload(value: string): string {
  try {
    return JSON.stringify(JSON.parse(value), null, 2);
  } catch {
    return value;
  }
}

/** Why a correction cannot be sent as it is (it must be JSON text), or undefined. The contract is the service's to check. */
export function correctionProblem(text: string): string | undefined {
  if (text.trim() === '') return 'The corrected message is empty.';
  try {
    JSON.parse(text);
    return undefined;
  } catch (err) {
    return `The corrected message is not JSON: ${(err as Error).message}`;
  }
}

export const replayedMessage = (replayed: number): string => `Replayed ${replayed} dead letter(s)`;

/** The topic to show first: the one asked for, else the first with letters waiting, else the first. */
export function initialTopic(counts: readonly DeadLetterCount[], asked: string | null): string | undefined {
  if (asked && counts.some((c) => c.topic === asked)) return asked;
  return (counts.find((c) => c.count > 0) ?? counts[0])?.topic;
}
