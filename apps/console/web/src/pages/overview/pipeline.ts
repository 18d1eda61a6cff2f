import type { ConsumerLag } from './overview-types';

export interface ServiceBacklog {
  service: string;
  /** Records not yet consumed, over every topic the service reads. */
  lag: number;
  topics: ConsumerLag[];
}

/** Each service's backlog: its consumer groups' lag summed over the topics it reads, the largest first. */
export function backlogByService(consumers: readonly ConsumerLag[]): ServiceBacklog[] {
  const byService = new Map<string, ServiceBacklog>();
  for (const c of consumers) {
    const entry = byService.get(c.service) ?? { service: c.service, lag: 0, topics: [] };
    entry.lag += c.lag;
    entry.topics.push(c);
    byService.set(c.service, entry);
  }
  return [...byService.values()].sort((a, b) => b.lag - a.lag || a.service.localeCompare(b.service));
}
