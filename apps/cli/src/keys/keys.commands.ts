import { userInfo } from 'node:os';
import { Command } from 'commander';
import { ApiKeyError, ApiKeyRecord, ApiKeys, ROLES } from '@orderflow/security';
import { CliContext, CliError } from '../cli-context';

/** Who runs the CLI, as the actor of what it records: ORDERFLOW_ACTOR, else the OS user. */
export function cliActor(): string {
  const named = process.env.ORDERFLOW_ACTOR?.trim();
  if (named) return named.slice(0, 200);
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli:unknown';
  }
}

const refusal = (err: unknown) => (err instanceof ApiKeyError ? new CliError(err.message, 2) : err);

/** `orderflow keys create|list|revoke`: API keys for the HTTP APIs (docs/adr/0018). */
export function keysCommand(ctx: () => CliContext): Command {
  const keys = new Command('keys').description('API keys: create, list and revoke');

  keys
    .command('create')
    .description('issue a key; it is printed once, alone on the last line, and only its hash is kept')
    .requiredOption('--role <role>', ROLES.join(', '))
    .option('--channel <channel>', 'the channel a channel key speaks for')
    .option('--warehouse <warehouse>', 'the warehouse a warehouse key speaks for, or *')
    .option('--carrier <carrier>', 'the carrier a carrier key speaks for, or *')
    .option('--name <name>', 'who or what holds the key')
    .action(async (options: { role: string; channel?: string; warehouse?: string; carrier?: string; name?: string }) => {
      const apiKeys = new ApiKeys(await ctx().database());
      const { key, token } = await apiKeys
        .create({
          role: options.role,
          scope: { channel: options.channel, warehouse: options.warehouse, carrier: options.carrier },
          name: options.name,
          actor: cliActor(),
        })
        .catch((err) => Promise.reject(refusal(err)));
      process.stdout.write(`created key ${key.keyId}: ${describe(key)}\n`);
      process.stdout.write(`${token}\n`);
    });

  keys
    .command('list')
    .description('every key: id, role, scope, name, when created, last used and revoked')
    .option('--json', 'as JSON')
    .action(async (options: { json?: boolean }) => {
      const list = await new ApiKeys(await ctx().database()).list();
      if (options.json) {
        process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        return;
      }
      if (list.length === 0) {
        process.stdout.write('no keys yet: npx orderflow keys create --role <role>\n');
        return;
      }
      for (const k of list) {
        const state = k.revokedAt ? `revoked ${k.revokedAt} by ${k.revokedBy}` : `active, last used ${k.lastUsedAt ?? 'never'}`;
        process.stdout.write(`${k.keyId}  ${describe(k)}  created ${k.createdAt} by ${k.createdBy}  ${state}\n`);
      }
    });

  keys
    .command('revoke')
    .description('revoke a key: every service refuses it from its next request on')
    .argument('<id>', 'the key id, as keys list shows it')
    .action(async (id: string) => {
      const key = await new ApiKeys(await ctx().database()).revoke(id, cliActor()).catch((err) => Promise.reject(refusal(err)));
      process.stdout.write(`revoked key ${key.keyId}: ${describe(key)}\n`);
    });

  return keys;
}

function describe(k: ApiKeyRecord): string {
  const scope = Object.entries(k.scope).map(([field, value]) => `${field} ${value}`);
  return [`role ${k.role}`, ...scope, `name "${k.name}"`].join(', ');
}
