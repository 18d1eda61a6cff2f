import type { Command } from 'commander';
import type { CliContext } from './cli-context';

export interface CommandEntry {
  name: string;
  /** The line `orderflow --help` lists: the command's own description. */
  summary: string;
  load(): Promise<(ctx: () => CliContext) => Command>;
}

/**
 * The commands, each loaded only when it runs: `orderflow --help`, or one command, need not load
 * the drivers, contracts and libraries all the others use (that took most of a second).
 */
export const COMMANDS: CommandEntry[] = [
  {
    name: 'produce',
    summary: 'validate an NDJSON file against an inbound topic contract and send the good lines, keyed',
    load: async () => (await import('./produce/produce.command')).produceCommand,
  },
  { name: 'dlq', summary: 'inspect and re-drive dead-lettered messages', load: async () => (await import('./dlq/dlq.commands')).dlqCommand },
  {
    name: 'simulate',
    summary: 'play channels, warehouses, carriers and customers against a running orderflow',
    load: async () => (await import('./simulate/simulate.command')).simulateCommand,
  },
  {
    name: 'payments',
    summary: 'play the payment provider: authorise, capture and refund what orderflow asks',
    load: async () => (await import('./payments/payments.commands')).paymentsCommand,
  },
  {
    name: 'projections',
    summary: 'inspect and rebuild the query projections',
    load: async () => (await import('./projections/projections.commands')).projectionsCommand,
  },
  {
    name: 'audit',
    summary: 'replay history and prove that nothing stored was altered',
    load: async () => (await import('./audit/audit.commands')).auditCommand,
  },
  { name: 'keys', summary: 'API keys: create, list and revoke', load: async () => (await import('./keys/keys.commands')).keysCommand },
  {
    name: 'admin',
    summary: 'reference data: channels, products, lead times and carriers, through the admin API',
    load: async () => (await import('./admin/admin.commands')).adminCommand,
  },
  {
    name: 'gdpr',
    summary: "data subjects' rights: erase a customer's personal data",
    load: async () => (await import('./gdpr/gdpr.commands')).gdprCommand,
  },
];

/** The command the arguments name (`orderflow <command> ...` or `orderflow help <command>`), if any. */
export function invokedCommand(args: string[]): CommandEntry | undefined {
  const [first, second] = args.filter((a) => !a.startsWith('-'));
  const name = first === 'help' ? second : first;
  return COMMANDS.find((c) => c.name === name);
}
