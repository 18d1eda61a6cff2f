import { OrderEvent, PricedLine } from '@orderflow/contracts';

/**
 * The price check (docs/adr/0032): each line whose unit price differs from the catalogue's for the
 * order's channel and currency, named by its position and SKU with both prices. A SKU the
 * catalogue has no price for there is not checked: a marketplace may set its own.
 */
export function priceDifferences(lines: readonly PricedLine[], currency: string, catalogue: ReadonlyMap<string, number>): string[] {
  return lines.flatMap((line, i) => {
    const listed = catalogue.get(line.sku);
    if (listed === undefined || listed === line.unitPriceMinor) return [];
    return [`line ${i + 1} (SKU ${line.sku}): price ${line.unitPriceMinor} ${currency} differs from the catalogue price ${listed} ${currency}`];
  });
}

/** On a channel that flags differing prices, the confirmed order says which lines differ, for someone to look at. */
export function priceFlags(order: { orderId: string; channel: string; externalOrderId: string }, flags: string[], at: string): OrderEvent[] {
  return flags.length === 0 ? [] : [{ type: 'OrderPriceFlagged', data: { ...order, flags, flaggedAt: at } }];
}
