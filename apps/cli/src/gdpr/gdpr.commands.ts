import { Command } from 'commander';
import { CustomerKeyError, CustomerKeys } from '@orderflow/privacy';
import { CliContext, CliError } from '../cli-context';
import { cliActor } from '../keys/keys.commands';

/** `orderflow gdpr erase`: crypto-shredding of one customer's personal data (docs/adr/0022). */
export function gdprCommand(ctx: () => CliContext): Command {
  const gdpr = new Command('gdpr').description("data subjects' rights: erase a customer's personal data");

  gdpr
    .command('erase')
    .description(
      "destroy the customer's keys, so every sealed copy of its name, e-mail, phone and address (events, topics, dead letters, projections) " +
        'reads as [erased]; orders, amounts and history stay. Recorded as CustomerErased with the actor',
    )
    .requiredOption('--customer <id>', "the customer's id, as its channel sends it")
    .option('--channel <channel>', 'only the customer of this channel (default: the id in every channel that sent it)')
    .action(async (options: { customer: string; channel?: string }) => {
      const keys = new CustomerKeys(await ctx().database());
      const erased = await keys
        .erase({ customerId: options.customer, channel: options.channel, actor: cliActor() })
        .catch((err) => Promise.reject(err instanceof CustomerKeyError ? new CliError(err.message, 2) : err));
      for (const e of erased) {
        process.stdout.write(`erased customer ${JSON.stringify(e.customerId)} of channel ${e.channel}: key ${e.keyRef} (made ${e.createdAt}) destroyed at ${e.erasedAt}\n`);
      }
      process.stdout.write(`${erased.length} key(s) destroyed; the query API shows this customer's personal fields as [erased] within seconds\n`);
    });

  return gdpr;
}
