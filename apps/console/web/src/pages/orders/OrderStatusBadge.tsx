/** An order's status, coloured by whether it needs a look (rejected, backordered, cancelled). */
const TONE: Record<string, string> = { DELIVERED: 'ok', SHIPPED: 'ok', BACKORDERED: 'soon', PARTIALLY_SHIPPED: 'soon', REJECTED: 'overdue', CANCELLED: 'overdue' };

export function OrderStatusBadge({ status, testId }: { status: string | null; testId?: string }) {
  return (
    <span className={`badge ${TONE[status ?? ''] ?? ''}`} data-testid={testId}>
      {status ?? 'not placed'}
    </span>
  );
}
