import { Command } from 'commander';
import { CliContext, CliError } from '../cli-context';
import { AdminApi, AdminEntry } from './admin-api';

/**
 * A number as typed, else the text itself: the service validates the body and names a field that
 * is wrong, so the command line does not check it a second time (differently).
 */
const numberOr = (value: string): number | string => (/^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value);
const listOf = (value: string): string[] => value.split(',').map((v) => v.trim()).filter(Boolean);

/** `--price webshop:EUR:1299`, repeatable; the channel may hold ":" itself, the currency and amount may not. */
function collectPrice(value: string, previous: { channel: string; currency: string; unitPriceMinor: number | string }[] = []) {
  const match = /^(.+):([^:]+):([^:]+)$/.exec(value);
  if (!match) throw new CliError(`--price: expected <channel>:<currency>:<unitPriceMinor>, e.g. webshop:EUR:1299, got "${value}"`, 2);
  return [...previous, { channel: match[1], currency: match[2], unitPriceMinor: numberOr(match[3]) }];
}

interface AdminKind {
  /** The command's name and the route's last segment. */
  name: string;
  noun: string;
  service: 'order' | 'shipping';
  listName: string;
  keyField: string;
  putOptions(command: Command): Command;
  bodyOf(options: Record<string, string | string[] | undefined>): Record<string, unknown>;
}

/** Options given, and only those: one left out takes the service's default. */
const given = (fields: Record<string, unknown>) => Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));

const KINDS: AdminKind[] = [
  {
    name: 'channels',
    noun: 'channel',
    service: 'order',
    listName: 'channels',
    keyField: 'channel',
    putOptions: (c) =>
      c
        .requiredOption('--currencies <list>', 'ISO-4217 codes the channel sells in, comma-separated, e.g. EUR,GBP')
        .option('--payment-mode <mode>', 'prepaid, authorize-capture or invoice (default prepaid)')
        .option('--price-check <check>', 'reject, flag or off: what a line priced otherwise than the catalogue does (default off)')
        .option('--authorization-timeout-minutes <n>', 'authorize-capture: minutes the provider has to authorise (default 30)'),
    bodyOf: (o) =>
      given({
        currencies: listOf(String(o.currencies)),
        paymentMode: o.paymentMode,
        priceCheck: o.priceCheck,
        authorizationTimeoutMinutes: o.authorizationTimeoutMinutes === undefined ? undefined : numberOr(String(o.authorizationTimeoutMinutes)),
      }),
  },
  {
    name: 'products',
    noun: 'product',
    service: 'order',
    listName: 'products',
    keyField: 'sku',
    putOptions: (c) =>
      c
        .requiredOption('--name <name>', "the product's name")
        .requiredOption('--weight-grams <grams>', 'the weight of one unit, for shipping')
        .option('--price <channel:currency:minor>', 'a unit price on a channel, e.g. webshop:EUR:1299 (repeat for more)', collectPrice, [])
        .option('--category <category>', 'what the customer and trend reports group it under, e.g. kitchen'),
    bodyOf: (o) => ({ name: o.name, weightGrams: numberOr(String(o.weightGrams)), prices: o.price, category: o.category }),
  },
  {
    name: 'lead-times',
    noun: 'lead time',
    service: 'order',
    listName: 'leadTimes',
    keyField: 'country',
    putOptions: (c) => c.requiredOption('--days <days>', 'days from confirmation to delivery'),
    bodyOf: (o) => ({ days: numberOr(String(o.days)) }),
  },
  {
    name: 'carriers',
    noun: 'carrier',
    service: 'shipping',
    listName: 'carriers',
    keyField: 'name',
    putOptions: (c) =>
      c
        .requiredOption('--service-level <level>', 'e.g. STANDARD or EXPRESS')
        .requiredOption('--transit-days <days>', 'calendar days from booking to the door')
        .requiredOption('--max-weight-grams <grams>', 'the heaviest parcel it takes')
        .requiredOption('--countries <list>', 'ISO-3166 codes it delivers to, comma-separated, or *')
        .requiredOption('--base-cost-minor <minor>', 'its price per parcel, in minor units')
        .requiredOption('--cost-per-kg-minor <minor>', 'its price per started kilogram, in minor units')
        .requiredOption('--currency <code>', 'the currency it prices in (every carrier prices in the same one)')
        .requiredOption('--tracking-prefix <letters>', 'the capital letters its tracking numbers start with'),
    bodyOf: (o) => ({
      serviceLevel: o.serviceLevel,
      transitDays: numberOr(String(o.transitDays)),
      maxWeightGrams: numberOr(String(o.maxWeightGrams)),
      countries: o.countries === '*' ? '*' : listOf(String(o.countries)),
      baseCostMinor: numberOr(String(o.baseCostMinor)),
      costPerKgMinor: numberOr(String(o.costPerKgMinor)),
      currency: o.currency,
      trackingPrefix: o.trackingPrefix,
    }),
  },
];

/** An entry's settings: everything but its key, version, time and history; fields in name order, so every line reads alike. */
function settingsOf(kind: AdminKind, entry: AdminEntry): Record<string, unknown> {
  const { [kind.keyField]: _key, version: _v, changedAt: _at, changed: _c, history: _h, ...settings } = entry;
  return Object.fromEntries(Object.entries(settings).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function describe(kind: AdminKind, entry: AdminEntry): string {
  const last = entry.history[entry.history.length - 1];
  return `${String(entry[kind.keyField])}  ${JSON.stringify(settingsOf(kind, entry))}  version ${entry.version}, changed ${entry.changedAt} by ${last?.actor ?? 'unknown'}`;
}

/**
 * `orderflow admin <kind> put|list`: reference data through the admin API of the service that owns
 * it (docs/adr/0032): channels, products and lead times on the order service (ORDER_SERVICE_URL),
 * carriers on the shipping service (SHIPPING_SERVICE_URL), with an admin key (ORDERFLOW_API_KEY).
 */
export function adminCommand(ctx: () => CliContext): Command {
  const admin = new Command('admin').description('reference data: channels, products, lead times and carriers, through the admin API');
  for (const kind of KINDS) {
    const api = (): AdminApi => {
      const context = ctx();
      const base = kind.service === 'order' ? context.config.ORDER_SERVICE_URL : context.config.SHIPPING_SERVICE_URL;
      return new AdminApi(base.replace(/\/+$/, ''), context.apiHeaders());
    };
    const path = `/admin/${kind.name}`;
    const group = admin.command(kind.name).description(`${kind.noun}s: record one (put), or list them with their history`);
    kind
      .putOptions(group.command('put').description(`record a ${kind.noun} as a whole; the same settings again record nothing`).argument(`<${kind.keyField}>`))
      .action(async (key: string, options: Record<string, string | string[] | undefined>) => {
        const entry = await api().put(`${path}/${encodeURIComponent(key)}`, kind.bodyOf(options));
        const outcome = entry.changed ? `recorded as version ${entry.version}` : `unchanged at version ${entry.version}`;
        process.stdout.write(`${kind.noun} ${key}: ${outcome}\n${JSON.stringify(settingsOf(kind, entry))}\n`);
      });
    group
      .command('list')
      .description(`every ${kind.noun}: its settings, version, and when and by whom it last changed`)
      .option('--json', 'as JSON, each with its whole history')
      .action(async (options: { json?: boolean }) => {
        const entries = await api().list(path, kind.listName);
        if (options.json) {
          process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
          return;
        }
        if (entries.length === 0) process.stdout.write(`no ${kind.noun}s yet: npx orderflow admin ${kind.name} put <${kind.keyField}> ...\n`);
        for (const entry of entries) process.stdout.write(`${describe(kind, entry)}\n`);
      });
  }
  return admin;
}
