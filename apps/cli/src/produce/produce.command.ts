import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Command } from 'commander';
import { OutgoingMessage } from '@orderflow/messaging';
import { CliContext, CliError } from '../cli-context';
import { Progress } from '../progress';
import { assertInboundTopic, checkLine, InvalidLine, isValid } from './ndjson';

export function produceCommand(ctx: () => CliContext): Command {
  return new Command('produce')
    .description('validate an NDJSON file against an inbound topic contract and send the good lines, keyed')
    .argument('<file>', 'NDJSON file, one message per line')
    .requiredOption('--topic <topic>', 'channel.orders, warehouse.operations or carrier.tracking')
    .option('--dry-run', 'validate only; send nothing')
    .option('--batch-size <n>', 'messages per send', (v) => Number(v), 500)
    .action(async (file: string, options: { topic: string; dryRun?: boolean; batchSize: number }) => {
      try {
        assertInboundTopic(options.topic);
      } catch (err) {
        throw new CliError((err as Error).message, 2);
      }
      if (!existsSync(file)) throw new CliError(`no such file: ${file}`, 2);
      const context = ctx();
      const producer = options.dryRun ? undefined : await context.messageBus().producer();
      const progress = new Progress(options.dryRun ? 'validate' : 'produce');
      const bad: InvalidLine[] = [];
      let batch: OutgoingMessage[] = [];
      let sent = 0;
      let valid = 0;
      let lineNumber = 0;
      const topic = context.topic(options.topic);
      const flush = async () => {
        if (!producer || batch.length === 0) return;
        await producer.send(batch);
        sent += batch.length;
        batch = [];
      };
      try {
        const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
        for await (const text of lines) {
          lineNumber += 1;
          const checked = checkLine(options.topic, text, lineNumber);
          if (!checked) continue;
          if (!isValid(checked)) {
            bad.push(checked);
            process.stderr.write(`line ${checked.line}: ${checked.reason}\n`);
            continue;
          }
          valid += 1;
          batch.push({
            topic,
            key: checked.key,
            value: checked.value,
            headers: { 'message-id': checked.messageId, 'correlation-id': checked.messageId, source: 'orderflow-cli' },
          });
          if (batch.length >= options.batchSize) await flush();
          progress.update(valid + bad.length, `(${bad.length} bad)`);
        }
        await flush();
      } finally {
        await producer?.disconnect();
      }
      const verb = options.dryRun ? 'valid' : `sent to ${topic}`;
      progress.finish(`${options.dryRun ? valid : sent} ${verb}, ${bad.length} rejected, of ${valid + bad.length} messages`);
      if (bad.length > 0) throw new CliError(`${bad.length} line(s) rejected; see the reasons above`, 1);
    });
}
