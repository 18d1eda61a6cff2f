import { readTopicToEnd } from '@orderflow/messaging';
import { dlqTopicOf, Topics } from '@orderflow/contracts';
import { fetchHonouringRetryAfter } from '@orderflow/platform';
import { CliContext } from '../cli-context';
import { SimOrder, SimulationReport } from './simulation';

/** The status the order must be in, given everything this simulation sent and was told. */
export function expectedStatus(order: SimOrder): string {
  if (order.plan.kind === 'rejected') return 'REJECTED';
  // The factory could not make a made-to-order line: orderflow cancelled the order (docs/adr/0039).
  if (order.productionFailed) return 'CANCELLED';
  if (order.plan.kind === 'cancelled') return order.cancellationSent ? 'CANCELLED' : 'CONFIRMED';
  // Declined where the channel authorises payments; elsewhere the name means nothing and it ships.
  if (order.plan.kind === 'declinable' && order.cancelled) return 'CANCELLED';
  const shipments = [...order.shipments.values()].filter((s) => s.purpose === 'ORDER');
  const allocated = new Map<string, number>();
  for (const s of shipments) for (const l of s.lines) allocated.set(l.sku, (allocated.get(l.sku) ?? 0) + l.quantity);
  const fullyAllocated = order.lines.every((l) => (allocated.get(l.sku) ?? 0) >= l.quantity);
  if (shipments.length === 0) return order.backordered ? 'BACKORDERED' : fullyAllocated ? 'ALLOCATED' : 'CONFIRMED';
  const departed = shipments.filter((s) => s.pickedUp || s.delivered).length;
  const delivered = shipments.filter((s) => s.delivered).length;
  if (fullyAllocated && delivered === shipments.length) return 'DELIVERED';
  if (departed > 0) return fullyAllocated && departed === shipments.length ? 'SHIPPED' : 'PARTIALLY_SHIPPED';
  return fullyAllocated ? 'ALLOCATED' : 'BACKORDERED';
}

interface OrderDocument {
  orderId: string;
  status: string;
  lines: { sku: string; quantity: number }[];
  returns?: { rmaNumber: string; status: string }[];
}

/**
 * Compares every order the simulation sent with what the query API shows once projections have
 * caught up, and the malformed ones with the dead-letter topic. Returns the inconsistencies.
 */
export async function verifyAgainstQueryApi(
  report: SimulationReport,
  deps: { queryUrl: string; context: CliContext; log: (line: string) => void },
): Promise<string[]> {
  const problems: string[] = [];
  const headers = deps.context.apiHeaders();
  await waitForProjections(deps.queryUrl, headers);
  for (const order of report.orders) {
    const { channel, externalOrderId } = order.plan;
    const res = await fetchHonouringRetryAfter(`${deps.queryUrl}/channels/${encodeURIComponent(channel)}/orders/${encodeURIComponent(externalOrderId)}`, { headers });
    if (res.status !== 200) {
      problems.push(`${channel}:${externalOrderId}: expected an order, query API answered ${res.status}`);
      continue;
    }
    const doc = (await res.json()) as OrderDocument;
    const expected = expectedStatus(order);
    if (doc.status !== expected) problems.push(`${channel}:${externalOrderId}: status ${doc.status}, expected ${expected}`);
    const sentUnits = order.lines.reduce((n, l) => n + l.quantity, 0);
    const shownUnits = doc.lines.reduce((n, l) => n + l.quantity, 0);
    if (sentUnits !== shownUnits) problems.push(`${channel}:${externalOrderId}: ${shownUnits} units shown, ${sentUnits} ordered`);
    const returns = doc.returns ?? [];
    if (returns.length !== order.returnsAuthorized.length) {
      problems.push(`${channel}:${externalOrderId}: ${returns.length} returns shown, ${order.returnsAuthorized.length} authorised`);
    }
  }
  const dead = await readTopicToEnd(deps.context.messageBus(), deps.context.topic(dlqTopicOf(Topics.channelOrders)));
  const ours = dead.filter((d) => d.headers['x-simulation-run'] === report.runId).length;
  if (ours !== report.malformed.length) {
    problems.push(`${report.malformed.length} malformed messages sent, ${ours} dead-lettered`);
  }
  return problems;
}

async function waitForProjections(queryUrl: string, headers: Record<string, string>): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const res = await fetchHonouringRetryAfter(`${queryUrl}/projections`, { headers }).catch(() => undefined);
    if (res?.ok) {
      const body = (await res.json()) as { projections?: { lagEvents?: number }[] } | { lagEvents?: number }[];
      const list = Array.isArray(body) ? body : (body.projections ?? []);
      if (list.length > 0 && list.every((p) => (p.lagEvents ?? 0) === 0)) return;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
