import { CliContext } from './cli-context';
import { COMMANDS, invokedCommand } from './commands';

describe('the commands of orderflow', () => {
  const ctx = (): CliContext => {
    throw new Error('not called while commands are defined');
  };

  it.each(COMMANDS.map((c) => [c.name, c]))('lists %s with its own name and description', async (_name, entry) => {
    const command = (await entry.load())(ctx);
    expect({ name: command.name(), summary: command.description() }).toEqual({ name: entry.name, summary: entry.summary });
  });

  it('finds the command the arguments name, also behind options and `help`', () => {
    expect(invokedCommand(['dlq', 'list', 'channel.orders'])?.name).toBe('dlq');
    expect(invokedCommand(['help', 'audit'])?.name).toBe('audit');
    expect(invokedCommand(['--help'])).toBeUndefined();
    expect(invokedCommand(['nonsense'])).toBeUndefined();
  });

  it('runs the payment simulator as `payments simulate` with the decline and delay options the README names', async () => {
    expect(invokedCommand(['payments', 'simulate', '--decline-rate', '0.05'])?.name).toBe('payments');
    const payments = (await invokedCommand(['payments'])!.load())(ctx);
    const simulate = payments.commands.find((c) => c.name() === 'simulate');
    expect(simulate?.options.map((o) => o.long).sort()).toEqual(['--decline-prefix', '--decline-rate', '--delay-ms', '--seed']);
  });
});
