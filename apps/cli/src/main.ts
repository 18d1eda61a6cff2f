import { Command, CommanderError } from 'commander';
import { auditCommand } from './audit/audit.commands';
import { CliContext, CliError } from './cli-context';
import { dlqCommand } from './dlq/dlq.commands';
import { gdprCommand } from './gdpr/gdpr.commands';
import { keysCommand } from './keys/keys.commands';
import { produceCommand } from './produce/produce.command';
import { projectionsCommand } from './projections/projections.commands';
import { simulateCommand } from './simulate/simulate.command';

/** `npx orderflow <command>`: exit 0 when all is well, non-zero with a one-line reason otherwise. */
async function main(argv: string[]): Promise<number> {
  let context: CliContext | undefined;
  const ctx = () => (context ??= new CliContext());
  const program = new Command('orderflow')
    .description('orderflow operations: produce events, dead letters, projections, audits, simulation, API keys, erasure')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .addCommand(produceCommand(ctx))
    .addCommand(dlqCommand(ctx))
    .addCommand(simulateCommand(ctx))
    .addCommand(projectionsCommand(ctx))
    .addCommand(auditCommand(ctx))
    .addCommand(keysCommand(ctx))
    .addCommand(gdprCommand(ctx));
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
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
