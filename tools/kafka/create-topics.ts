import { allTopicSpecs } from '@orderflow/contracts';
import { createKafkaBus } from '@orderflow/messaging';
import { kafkaBusConfig, loadConfig, platformEnvSchema } from '@orderflow/platform';

/** Creates every topic orderflow uses, with explicit partition counts; existing topics are left alone. */
async function main(): Promise<void> {
  const config = loadConfig(platformEnvSchema);
  const bus = createKafkaBus(kafkaBusConfig(config, 'orderflow-topics', { logLevel: 'NOTHING' })); // failures surface below
  const admin = await bus.admin();
  try {
    const specs = allTopicSpecs(config.TOPIC_NAMESPACE);
    const created = await admin.ensureTopics(specs);
    console.log(`topics: ${specs.length} known, ${created.length} created${created.length ? ` (${created.join(', ')})` : ''}`);
  } finally {
    await admin.disconnect();
  }
}

main().catch((err) => {
  console.error(`topic bootstrap failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
