import { Command } from 'commander';
import { topicName, Topics } from '@orderflow/contracts';
import { CliContext } from '../cli-context';
import { nonNegativeNumber, probability } from '../options';
import { DEFAULT_DECLINE_PREFIX } from './decline-rule';
import { PAYMENT_SIMULATOR, SimulatedPaymentProvider } from './simulated-provider';

interface SimulateOptions {
  declinePrefix: string;
  declineRate: number;
  seed: string;
  delayMs: number;
}

export function paymentsCommand(ctx: () => CliContext): Command {
  const payments = new Command('payments').description('play the payment provider: authorise, capture and refund what orderflow asks');

  payments
    .command('simulate')
    .description('answer payment.requests on payment.events as a payment provider would, until SIGINT or SIGTERM')
    .option('--decline-prefix <prefix>', 'decline authorisations of orders whose externalOrderId starts with this ("" declines none)', DEFAULT_DECLINE_PREFIX)
    .option('--decline-rate <p>', 'share of the other authorisations declined at random, reproducibly by --seed', probability, 0)
    .option('--seed <seed>', 'makes the random declines reproducible', 'payments')
    .option('--delay-ms <ms>', 'answer no sooner than this long after each request', nonNegativeNumber, 0)
    .action(async (options: SimulateOptions) => {
      const context = ctx();
      const log = (line: string) => process.stderr.write(`${line}\n`);
      let fail: (error: unknown) => void = () => undefined;
      const failed = new Promise<never>((_, reject) => (fail = reject));
      const provider = new SimulatedPaymentProvider(context.messageBus(), {
        topic: (t) => context.topic(t),
        groupId: topicName(PAYMENT_SIMULATOR, context.config.TOPIC_NAMESPACE),
        decline: { prefix: options.declinePrefix, rate: options.declineRate, seed: options.seed },
        delayMs: options.delayMs,
        log,
        onFatal: (error) => fail(error),
      });
      const stopped = new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      const { restoredAnswers } = await provider.start();
      const declines = [
        options.declinePrefix ? `externalOrderId "${options.declinePrefix}…"` : undefined,
        options.declineRate > 0 ? `${options.declineRate * 100}% at random` : undefined,
      ].filter(Boolean);
      log(
        `${PAYMENT_SIMULATOR}: answering ${context.topic(Topics.paymentRequests)} on ${context.topic(Topics.paymentEvents)}; ` +
          `${restoredAnswers} earlier answers restored; declines ${declines.join(' and ') || 'nothing'}; delay ${options.delayMs} ms`,
      );
      try {
        await Promise.race([stopped, failed]);
      } finally {
        await provider.stop();
      }
    });

  return payments;
}
