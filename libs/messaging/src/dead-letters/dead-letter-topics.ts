import { dlqTopicOf, Topics, topicName } from '@orderflow/contracts';
import { MessageBus } from '../bus/message-bus';
import { readTopicToEnd } from '../bus/read-to-end';
import { checkReplacement, DeadLetter, replayMessage, toDeadLetter } from './dead-letter';

/**
 * The operators' dead-letter operations, shared by the CLI (`orderflow dlq`) and the query
 * service's HTTP API, so both list and re-drive exactly alike. Topics are named by their contract
 * name (channel.orders); the namespace gives the physical one.
 */

/** Every contract topic, each of which has a dead-letter topic. */
export const DEAD_LETTER_SOURCES: readonly string[] = Object.values(Topics);

export const isDeadLetterSource = (topic: string) => DEAD_LETTER_SOURCES.includes(topic);

/** The dead letters of a topic, oldest first (a DLQ has one partition: offset order is arrival order). */
export async function readDeadLetters(bus: MessageBus, contractTopic: string, namespace: string): Promise<DeadLetter[]> {
  const records = await readTopicToEnd(bus, topicName(dlqTopicOf(contractTopic), namespace));
  return records.map((r) => toDeadLetter(r, topicName(contractTopic, namespace)));
}

/** How many dead letters each topic's DLQ holds, from its offsets alone (no record is read). */
export async function countDeadLetters(bus: MessageBus, contractTopics: readonly string[], namespace: string): Promise<{ topic: string; count: number }[]> {
  const admin = await bus.admin();
  try {
    return await Promise.all(
      contractTopics.map(async (topic) => {
        const offsets = await admin.topicOffsets(topicName(dlqTopicOf(topic), namespace));
        return { topic, count: offsets.reduce((sum, p) => sum + Number(BigInt(p.high) - BigInt(p.low)), 0) };
      }),
    );
  } finally {
    await admin.disconnect();
  }
}

/** Which dead letters to re-drive: some by id, or all; a corrected value goes with exactly one id. */
export type ReplayRequest = { ids: readonly string[]; value?: Buffer; replayedBy?: string } | { all: true; replayedBy?: string };

/** Ids asked for that the DLQ does not hold. */
export class DeadLettersNotFoundError extends Error {
  override readonly name = 'DeadLettersNotFoundError';
  constructor(
    readonly ids: readonly string[],
    readonly dlqTopic: string,
  ) {
    super(`no dead letter ${ids.join(', ')} in ${dlqTopic}`);
  }
}

/** A corrected value that breaks the contract of the topic it would go back to. */
export class ReplacementRejectedError extends Error {
  override readonly name = 'ReplacementRejectedError';
  constructor(
    readonly contractTopic: string,
    readonly reason: string,
  ) {
    super(`the corrected message breaks the ${contractTopic} contract: ${reason}`);
  }
}

/**
 * Re-sends dead letters to the topic they came from (the DLQ keeps them: a log is not a queue).
 * Nothing is sent unless every id asked for exists and a corrected value meets its contract.
 */
export async function replayDeadLetters(
  bus: MessageBus,
  contractTopic: string,
  namespace: string,
  request: ReplayRequest,
): Promise<{ replayed: number; topic: string }> {
  const letters = await readDeadLetters(bus, contractTopic, namespace);
  const wanted = 'ids' in request ? new Set(request.ids) : undefined;
  const chosen = wanted ? letters.filter((l) => wanted.has(l.id)) : letters;
  const missing = [...(wanted ?? [])].filter((id) => !letters.some((l) => l.id === id));
  if (missing.length) throw new DeadLettersNotFoundError(missing, topicName(dlqTopicOf(contractTopic), namespace));
  const replacement = 'ids' in request ? request.value : undefined;
  if (replacement) {
    const problem = checkReplacement(contractTopic, replacement);
    if (problem) throw new ReplacementRejectedError(contractTopic, problem);
  }
  const producer = await bus.producer();
  try {
    await producer.send(chosen.map((l) => replayMessage(l, replacement, contractTopic, request.replayedBy)));
  } finally {
    await producer.disconnect();
  }
  return { replayed: chosen.length, topic: chosen[0]?.source.topic ?? topicName(contractTopic, namespace) };
}
