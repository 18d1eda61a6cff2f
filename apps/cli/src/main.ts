import { Command, CommanderError } from 'commander';
import type { CliContext } from './cli-context';
import { COMMANDS, invokedCommand } from './commands';

/** `npx orderflow <command>`: exit 0 when all is well, non-zero with a one-line reason otherwise. */
async function main(argv: string[]): Promise<number> {
  let context: CliContext | undefined;
  const invoked = invokedCommand(argv.slice(2));
  const program = new Command('orderflow')
    .description('orderflow operations: produce events, dead letters, projections, audits, simulation of orders and payments, API keys, erasure')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  // Only the command that runs is loaded, with the context it needs; the others are listed by name.
  for (const command of COMMANDS) {
    if (command !== invoked) {
      program.addCommand(new Command(command.name).description(command.summary));
      continue;
    }
    const [define, { CliContext }] = await Promise.all([command.load(), import('./cli-context')]);
    program.addCommand(define(() => (context ??= new CliContext())));
  }
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    const { CliError } = await import('./cli-context');
    if (err instanceof CliError) {
      process.stderr.write(`orderflow: ${err.message}\n`);
      return err.exitCode;
    }
    process.stderr.write(`orderflow: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    await context?.close();
  }
}

main(process.argv).then((code) => process.exit(code));
