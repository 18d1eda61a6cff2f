import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { DeadLetter, DeadLettersNotFoundError, dlqOf, readDeadLetters, ReplacementRejectedError, replayDeadLetters } from '@orderflow/messaging';
import { CliContext, CliError } from '../cli-context';
import { cliActor } from '../keys/keys.commands';

async function deadLettersOf(context: CliContext, contractTopic: string): Promise<DeadLetter[]> {
  try {
    return await readDeadLetters(context.messageBus(), contractTopic, context.config.TOPIC_NAMESPACE);
  } catch (err) {
    throw new CliError(`cannot read ${context.topic(dlqOf(contractTopic))}: ${(err as Error).message}`);
  }
}

const preview = (value: Buffer) => {
  const text = value.toString('utf8').replace(/\s+/g, ' ');
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
};

export function dlqCommand(ctx: () => CliContext): Command {
  const dlq = new Command('dlq').description('inspect and re-drive dead-lettered messages');

  dlq
    .command('list')
    .description('show the dead letters of a topic with their reasons')
    .argument('<topic>', 'the source topic, e.g. channel.orders')
    .option('--json', 'one JSON object per line')
    .action(async (topic: string, options: { json?: boolean }) => {
      const letters = await deadLettersOf(ctx(), topic);
      for (const l of letters) {
        if (options.json) {
          process.stdout.write(
            JSON.stringify({ id: l.id, reason: l.reason, consumer: l.consumer, failedAt: l.failedAt, source: l.source, key: l.key, value: l.value.toString('utf8') }) + '\n',
          );
        } else {
          process.stdout.write(
            `${l.id}  ${l.failedAt}  ${l.consumer}  ${l.source.topic}[${l.source.partition}]@${l.source.offset}\n` +
              `    reason: ${l.reason}\n    key: ${l.key ?? '(none)'}  value: ${preview(l.value)}\n`,
          );
        }
      }
      if (!options.json) process.stderr.write(`${letters.length} dead letter(s) in ${ctx().topic(dlqOf(topic))}\n`);
    });

  dlq
    .command('replay')
    .description('re-send dead letters to the topic they came from (after the cause is fixed)')
    .argument('<topic>', 'the source topic, e.g. warehouse.operations')
    .option('--id <id...>', 'dead letters to replay, as shown by `dlq list` (<partition>:<offset>)')
    .option('--all', 'replay every dead letter of the topic')
    .option('--value-file <file>', 'send this corrected message instead of the original (with exactly one --id)')
    .action(async (topic: string, options: { id?: string[]; all?: boolean; valueFile?: string }) => {
      if (!options.all && !options.id?.length) throw new CliError('say which dead letters: --id <partition:offset> ... or --all', 2);
      if (options.valueFile && options.id?.length !== 1) throw new CliError('--value-file goes with exactly one --id', 2);
      const context = ctx();
      const value = options.valueFile ? readFileSync(options.valueFile) : undefined;
      let result: { replayed: number; topic: string };
      try {
        result = await replayDeadLetters(context.messageBus(), topic, context.config.TOPIC_NAMESPACE, {
          ...(options.all ? { all: true as const } : { ids: options.id!, value }),
          replayedBy: cliActor(),
        });
      } catch (err) {
        if (err instanceof DeadLettersNotFoundError || err instanceof ReplacementRejectedError) throw new CliError(err.message);
        throw new CliError(`cannot replay from ${context.topic(dlqOf(topic))}: ${(err as Error).message}`);
      }
      process.stderr.write(`replayed ${result.replayed} dead letter(s) to ${result.topic}\n`);
    });

  return dlq;
}
