import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { decodeMessage, INBOUND_CATALOG, inboundKey, Topics } from '@orderflow/contracts';

/** The README's copy-paste examples must be accepted exactly as printed. */
const readme = readFileSync(resolve(__dirname, '../README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Producing events'), readme.indexOf('## Development'));
const examples = section
  .split('\n### ')
  .slice(1)
  .map((block) => ({
    type: block.split('\n')[0].trim(),
    topic: /topic `([^`]+)`/.exec(block)?.[1] ?? '',
    key: /key `([^`]+)`/.exec(block)?.[1] ?? '',
    kafka: /echo '(.+)' > /.exec(block)?.[1] ?? '',
    http: /-d '(.+)'\n/.exec(block)?.[1] ?? '',
    path: /\/v1\/([a-z-]+) /.exec(block)?.[1] ?? '',
  }));

describe('README: producing events', () => {
  it('shows one example of every inbound message type the gateway takes', () => {
    // Payment providers answer straight on Kafka (no gateway route): README "Payments" lists those fields.
    const all = Object.entries(INBOUND_CATALOG)
      .filter(([topic]) => topic !== Topics.paymentEvents)
      .flatMap(([, types]) => Object.keys(types));
    expect(examples.map((e) => e.type).sort()).toEqual(all.sort());
  });

  it.each(examples.map((e) => [e.type, e] as const))('%s: both forms meet the contract, with the stated key and endpoint', (type, e) => {
    const decoded = decodeMessage(e.topic, Buffer.from(e.kafka));
    expect(decoded).toMatchObject({ ok: true, message: { type } });
    expect(e.http).toBe(e.kafka);
    expect(inboundKey(e.topic, JSON.parse(e.kafka))).toBe(e.key);
    expect(e.path).toBe(e.topic.replace('.', '-'));
  });
});
