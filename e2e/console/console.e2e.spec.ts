import { orderIdFor, Topics } from '@orderflow/contracts';
import { waitFor } from '@orderflow/testing';
import { Browser, Locator, Page } from 'playwright-core';
import { complaintSubmitted, Line, orderSubmitted, stockReceived, warehouseRegistered } from '../support/messages';
import { countSoon, launchChromium, navLinks, openConsole, screenshot, signIn, textSoon } from './support/browser';
import { ConsoleSystem } from './support/console-system';

interface OrderView {
  orderId: string;
  orderNumber: string | null;
  status: string;
  complaints: { complaintId: string; status: string; goodwillRefundMinor?: number | null }[];
}
interface QueueItem {
  complaintId: string;
  orderId: string;
}

/**
 * The operator console in a real browser (Debian's chromium), over the whole system as processes:
 * the test plays the channels and the warehouse through the ingest gateway, and an operator (or a
 * channel) at the console.
 */
describe('operator console in a browser', () => {
  let consoleSystem: ConsoleSystem;
  let browser: Browser;
  let operatorKey: string;
  const pages: Page[] = [];

  const line = (sku: string, quantity: number): Line => ({ sku, quantity, unitPriceMinor: 1250 });
  const shipped = { externalOrderId: 'CONSOLE-1', orderId: orderIdFor('webshop', 'CONSOLE-1') };
  const complained = { externalOrderId: 'CONSOLE-2', orderId: orderIdFor('webshop', 'CONSOLE-2') };
  let shippedNumber: string;

  const orderWhen = (orderId: string, ready: (o: OrderView) => boolean) =>
    consoleSystem.until<OrderView>(`order ${orderId} in the query API`, `/orders/${orderId}`, ready);

  /** A new tab, closed after the test. */
  const tab = async (width = 1280) => {
    const page = await openConsole(browser, consoleSystem.url, width);
    pages.push(page);
    return page;
  };
  const signedIn = async (key = operatorKey, at = '/') => {
    const page = await tab();
    await signIn(page, key, at);
    return page;
  };

  beforeAll(async () => {
    // The browser first: without one, fail at once rather than after starting the system.
    browser = await launchChromium();
    consoleSystem = await ConsoleSystem.start();
    operatorKey = await consoleSystem.key('operator');
    await consoleSystem.ingest('/v1/warehouse-operations', [
      warehouseRegistered('WH-BER', 'DE', 'BE'),
      stockReceived('WH-BER', 'MUG', 50),
      stockReceived('WH-BER', 'TEA', 50),
      stockReceived('WH-BER', 'CLOCK', 1),
    ]);
    // Orders are validated against the SKUs the order service has seen stocked.
    await waitFor('every SKU known to the order service', async () => {
      const rows = (await consoleSystem.system.db.dataSource.query(`SELECT count(*)::int AS n FROM order_known_skus`)) as { n: number }[];
      return rows[0].n === 3;
    });
    await consoleSystem.ingest('/v1/channel-orders', [
      orderSubmitted(shipped.externalOrderId, [line('MUG', 2)]),
      orderSubmitted(complained.externalOrderId, [line('TEA', 1)]),
      orderSubmitted('CONSOLE-3', [line('CLOCK', 2)]), // one to the backorder queue
    ]);
    const allocated = await orderWhen(shipped.orderId, (o) => o.status === 'ALLOCATED');
    shippedNumber = allocated.orderNumber!;
    // After-sales must know the order before a complaint about it can be opened.
    const confirmed = await consoleSystem.system.waitForOrderEvent(complained.orderId, 'OrderConfirmed');
    await waitFor('after-sales saw the confirmation', () => consoleSystem.system.applied('after-sales-service', confirmed.eventId));
    await consoleSystem.ingest('/v1/channel-orders', [complaintSubmitted(complained.externalOrderId)]);
  });

  afterEach(async () => {
    await Promise.all(pages.splice(0).map((p) => p.context().close()));
  });

  afterAll(async () => {
    await browser?.close();
    await consoleSystem?.stop();
  });

  it('signs an operator in to every page; a wrong key stays on sign-in; a channel key sees only its pages', async () => {
    const wrong = await tab();
    await wrong.goto('/');
    await wrong.getByLabel('API key').fill('of_not-a-key-of-this-system');
    await wrong.getByRole('button', { name: 'Sign in' }).click();
    expect(await textSoon(wrong.getByRole('alert'), (t) => t.length > 0)).toMatch(/key|unauthori[sz]ed|401/i);
    expect(await wrong.getByLabel('API key').isVisible()).toBe(true);
    expect(await wrong.locator('nav[aria-label=Main]').count()).toBe(0);

    const operator = await signedIn();
    expect(await navLinks(operator)).toEqual(['Overview', 'Orders', 'Work queues', 'Stock', 'Reports', 'Dead letters', 'Projections and audit']);

    const channel = await signedIn(await consoleSystem.key('channel', { channel: 'webshop' }));
    expect(await navLinks(channel)).toEqual(['Overview', 'Orders', 'Work queues']);
  });

  it('finds an order by its channel and external id, opens it and shows its timeline', async () => {
    const page = await signedIn();
    await page.locator('nav[aria-label=Main]').getByRole('link', { name: 'Orders' }).click();
    await choose(page.getByLabel('Channel', { exact: true }), 'webshop');
    await page.getByLabel('External order id').fill(shipped.externalOrderId);
    await page.getByRole('button', { name: 'Search' }).click();
    const results = page.getByRole('table', { name: 'Orders' });
    await countSoon(results.getByRole('row').filter({ hasText: shippedNumber }), 1);
    await screenshot(page, 'orders');

    await results.getByRole('link', { name: shippedNumber }).click();
    await page.waitForURL(`**/orders/${shipped.orderId}`);
    await page.getByRole('heading', { level: 1, name: `Order ${shippedNumber}` }).waitFor();
    const timeline = page.getByRole('table', { name: 'Timeline' });
    await countSoon(timeline.getByRole('row').filter({ hasText: 'OrderPlaced' }), 1);
    const events = await timeline.getByRole('row').allInnerTexts();
    expect(events.join('\n')).toMatch(/OrderPlaced[\s\S]*OrderConfirmed/);
    expect(await textSoon(page.getByTestId('order-status'), (t) => t !== '')).toBe('ALLOCATED');
    await screenshot(page, 'order');
  });

  it('opens an order from a deep link, with how it is paid', async () => {
    const page = await signedIn();
    await page.goto(`/orders/${shipped.orderId}`);
    await page.getByRole('heading', { level: 1, name: `Order ${shippedNumber}` }).waitFor();
    expect(await textSoon(page.getByTestId('order-status'), (t) => t !== '')).toBe('ALLOCATED');
    // The demo's channels are prepaid: the checkout's payment, captured at confirmation.
    expect(await textSoon(page.getByTestId('payment-mode'), (t) => t !== '')).toMatch(/^Prepaid/);
    await countSoon(page.getByRole('table', { name: 'Payments' }).getByRole('row').filter({ hasText: /CAPTURED/ }), 1);
  });

  it('shows the order as of an earlier moment of its timeline, and back to now', async () => {
    const page = await signedIn();
    await page.goto(`/orders/${shipped.orderId}`);
    const status = page.getByTestId('order-status');
    await textSoon(status, (t) => t === 'ALLOCATED');
    const asOf = page.getByLabel('As of');
    // The oldest step: the moment the order was placed.
    await asOf.focus();
    await page.keyboard.press('Home');
    expect(['PLACED', 'CONFIRMED']).toContain(await textSoon(status, (t) => t !== 'ALLOCATED'));
    await page.getByRole('button', { name: 'Back to now' }).click();
    await textSoon(status, (t) => t === 'ALLOCATED');
    expect(await asOf.inputValue()).toBe(await asOf.getAttribute('max'));
  });

  it('resolves a complaint from the work queue: the complaint is RESOLVED and leaves the queue', async () => {
    const [due] = (
      await consoleSystem.until<{ items: QueueItem[] }>('the complaint on its queue', '/queues/complaints?dueWithinHours=24', (q) =>
        q.items.some((i) => i.orderId === complained.orderId),
      )
    ).items.filter((i) => i.orderId === complained.orderId);
    const page = await signedIn(operatorKey, '/queues');
    await page.getByRole('heading', { level: 2, name: 'Complaints due' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: due.complaintId }).filter({ has: page.getByRole('button', { name: 'Resolve' }) });
    await countSoon(row, 1);
    await screenshot(page, 'work-queues');
    await row.getByRole('button', { name: 'Resolve' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Resolution').fill('Sent a new box; sorry for the crushed one.');
    await dialog.getByLabel('Goodwill refund (minor units)').fill('300');
    await dialog.getByRole('button', { name: 'Confirm resolution' }).click();

    const resolved = await orderWhen(complained.orderId, (o) => o.complaints.some((c) => c.complaintId === due.complaintId && c.status === 'RESOLVED'));
    expect(resolved.complaints.find((c) => c.complaintId === due.complaintId)).toMatchObject({ status: 'RESOLVED', goodwillRefundMinor: 300 });
    await countSoon(page.getByRole('row').filter({ hasText: due.complaintId }), 0);
  });

  it('replays a contract-breaking order from the dead letters with a correction: the order is placed', async () => {
    const fixed = orderSubmitted('CONSOLE-DLQ', [line('MUG', 1)]);
    const broken = { ...fixed, lines: [{ sku: 'MUG', quantity: 'one', unitPriceMinor: 1250 }] };
    await consoleSystem.system.produce(Topics.channelOrders, [{ key: `webshop:${fixed.externalOrderId}`, value: JSON.stringify(broken) }]);
    const letters = await consoleSystem.until<{ letters: { id: string; consumer: string; value: string }[] }>(
      'the broken order dead-lettered by the order service',
      '/dead-letters/channel.orders',
      (p) => p.letters.some((l) => l.consumer === 'order-service' && l.value.includes(fixed.messageId)),
    );
    const letter = letters.letters.find((l) => l.consumer === 'order-service' && l.value.includes(fixed.messageId))!;

    const page = await signedIn(operatorKey, '/dead-letters');
    await page.getByLabel('Topic').selectOption('channel.orders');
    const table = page.getByRole('table', { name: 'Dead letters' });
    await table.getByLabel(`Select ${letter.id}`).check();
    await screenshot(page, 'dead-letters');
    await page.getByRole('button', { name: 'Replay with correction' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Corrected message').fill(JSON.stringify(fixed));
    await dialog.getByRole('button', { name: /replay/i }).click();
    expect(await textSoon(page.getByRole('status').filter({ hasText: /Replayed/ }), (t) => t !== '')).toMatch(/Replayed 1 dead letter/);

    const placed = await orderWhen(orderIdFor('webshop', fixed.externalOrderId), (o) => o.orderNumber !== null);
    expect(placed).toMatchObject({ orderId: orderIdFor('webshop', fixed.externalOrderId), status: expect.any(String) });
  });

  it('draws the reports as charts with data', async () => {
    const page = await signedIn(operatorKey, '/reports');
    const charts = page.locator('canvas[aria-label$="chart"]');
    await waitFor('a chart drawn with data', async () => {
      const points = await charts.evaluateAll((canvases) => canvases.map((c) => Number(c.getAttribute('data-points') ?? 0)));
      return points.some((n) => n > 0);
    });
    // The checkouts' captures, in the finance report's table and chart.
    await countSoon(page.getByRole('table', { name: 'Finance by day' }).getByRole('row').filter({ hasText: 'EUR' }), 1);
    expect(Number(await page.locator('canvas[aria-label="Finance by day chart"]').getAttribute('data-points'))).toBeGreaterThan(0);
    await screenshot(page, 'reports');
  });

  it('shows a new order live on the overview, without a reload', async () => {
    const page = await signedIn();
    const latest = page.getByRole('table', { name: 'Latest orders, live' });
    await countSoon(latest.getByRole('row').filter({ hasText: shippedNumber }), 1);
    await page.evaluate(() => ((globalThis as unknown as { notReloaded: boolean }).notReloaded = true));
    await consoleSystem.ingest('/v1/channel-orders', [orderSubmitted('CONSOLE-LIVE', [line('MUG', 1)])]);
    const live = await orderWhen(orderIdFor('webshop', 'CONSOLE-LIVE'), (o) => o.orderNumber !== null);
    await countSoon(latest.getByRole('row').filter({ hasText: live.orderNumber! }), 1);
    expect(await page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  });

  it('renders every page for the screenshots, at desktop and tablet width', async () => {
    const page = await signedIn();
    for (const [name, path] of [
      ['overview', '/'],
      ['projections', '/projections'],
    ] as const) {
      await page.goto(path);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await screenshot(page, name);
    }
    await page.goto('/stock');
    await page.getByRole('table', { name: 'Stock' }).getByRole('link', { name: 'MUG' }).first().click();
    await page.locator('canvas[aria-label="Stock history of MUG chart"]').waitFor();
    await screenshot(page, 'stock');

    const tablet = await tab(820);
    await signIn(tablet, operatorKey, `/orders/${shipped.orderId}`);
    await tablet.getByRole('heading', { level: 1, name: `Order ${shippedNumber}` }).waitFor();
    await screenshot(tablet, 'order-tablet');
  });
});

/** Picks a value in a field that may be a select or a text input (the page decides). */
async function choose(field: Locator, value: string): Promise<void> {
  if ((await field.evaluate((el) => el.tagName)) === 'SELECT') await field.selectOption(value);
  else await field.fill(value);
}
