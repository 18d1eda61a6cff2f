import { Command } from 'commander';
import { DEFAULT_REBUILD_BATCH_SIZE, isProjectionName, PROJECTION_NAMES, projectionStatuses, rebuildProjection, RebuildInProgressError, RebuildProgress } from '@orderflow/projections';
import { CliContext, CliError } from '../cli-context';
import { Progress } from '../progress';

export function projectionsCommand(ctx: () => CliContext): Command {
  const projections = new Command('projections').description('inspect and rebuild the query projections');

  projections
    .command('rebuild')
    .description('replay the whole store into fresh tables while the live ones keep serving, then swap atomically')
    .argument('[name]', `${PROJECTION_NAMES.join(', ')} or all`, 'all')
    .option('--batch-size <events>', 'events per replay batch', String(DEFAULT_REBUILD_BATCH_SIZE))
    .action(async (name: string, options: { batchSize: string }) => {
      if (name !== 'all' && !isProjectionName(name)) {
        throw new CliError(`unknown projection "${name}": expected ${PROJECTION_NAMES.join(', ')} or all`, 2);
      }
      const batchSize = Number(options.batchSize);
      if (!Number.isInteger(batchSize) || batchSize < 1) {
        throw new CliError(`--batch-size: expected a whole number of events of at least 1, got "${options.batchSize}"`, 2);
      }
      const dataSource = await ctx().database();
      const bars = new Map<string, Progress>();
      const onProgress = (p: RebuildProgress) => {
        let bar = bars.get(p.projection);
        if (!bar) {
          bar = new Progress(`rebuild ${p.projection}`, p.totalEvents);
          bars.set(p.projection, bar);
        }
        bar.setTotal(Math.max(p.totalEvents, p.eventsDone));
        bar.update(p.eventsDone, p.phase === 'swapping' ? '(swapping)' : '');
      };
      try {
        const results = await rebuildProjection(dataSource, name, onProgress, { batchSize });
        for (const r of results) {
          const rows = Object.entries(r.rows).map(([table, n]) => `${n} ${table}`);
          (bars.get(r.projection) ?? new Progress(`rebuild ${r.projection}`)).finish(
            `${r.eventsApplied} events replayed up to the live checkpoint at position ${r.position}; swapped in ${rows.join(', ')}`,
          );
        }
      } catch (err) {
        if (err instanceof RebuildInProgressError) throw new CliError(err.message, 3);
        throw err;
      }
    });

  projections
    .command('status')
    .description('checkpoint, head and lag of every projection')
    .option('--json', 'as JSON')
    .action(async (options: { json?: boolean }) => {
      const statuses = await projectionStatuses(await ctx().database());
      if (options.json) {
        process.stdout.write(JSON.stringify(statuses, null, 2) + '\n');
        return;
      }
      for (const s of statuses) process.stdout.write(`${JSON.stringify(s)}\n`);
    });

  return projections;
}
