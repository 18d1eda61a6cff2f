import { InventoryEvent } from '@orderflow/contracts';
import { assertNever, Decider } from '@orderflow/decider';
import { adviseReplenishment, DemandForecast, ReplenishmentPolicy } from '@orderflow/forecasting';

/** The events of a `stockalert-<sku>@<warehouseId>` stream: one SKU's low-stock alerts at one warehouse. */
export type StockAlertEvent = Extract<InventoryEvent, { type: 'LowStockAlerted' | 'LowStockCleared' }>;

/** CLEAR: armed, the next fall below the lead time alerts. ALERTED: alerted once, until cover is back. */
export interface StockAlertState {
  status: 'CLEAR' | 'ALERTED';
}

export const initialStockAlertState = (): StockAlertState => ({ status: 'CLEAR' });

/**
 * Stock or demand of the SKU at the warehouse changed: is cover below the lead time now? The
 * forecast is fitted to the completed days of demand; what was ordered today so far is a floor of
 * the daily demand (libs/forecasting).
 */
export interface AssessCover {
  type: 'AssessCover';
  sku: string;
  warehouseId: string;
  onHand: number;
  available: number;
  forecast: DemandForecast;
  todayUnits: number;
  policy: ReplenishmentPolicy;
  now: Date;
}

export type StockAlertCommand = AssessCover;

function decide(command: StockAlertCommand, state: StockAlertState): StockAlertEvent[] {
  switch (command.type) {
    case 'AssessCover':
      return assessCover(command, state);
    default:
      return assertNever(command.type);
  }
}

/**
 * Once per crossing: an armed alert fires when cover falls below the lead time, and only a cover
 * back at or above it (LowStockCleared) arms it again. With no demand forecast, cover is unlimited.
 */
function assessCover(command: AssessCover, state: StockAlertState): StockAlertEvent[] {
  const { sku, warehouseId, onHand, available, forecast, todayUnits, policy, now } = command;
  const advice = adviseReplenishment(forecast, todayUnits, available, policy);
  const cover = { sku, warehouseId, onHand, available, forecastDailyUnits: advice.forecastDailyUnits, leadTimeDays: policy.leadTimeDays };
  if (state.status === 'CLEAR' && advice.belowLeadTime) {
    return [
      {
        type: 'LowStockAlerted',
        data: {
          ...cover,
          daysOfCover: advice.daysOfCover!,
          safetyStock: advice.safetyStock,
          reorderPoint: advice.reorderPoint,
          suggestedQuantity: advice.suggestedQuantity,
          serviceLevel: policy.serviceLevel,
          model: forecast.model,
          forecastRmse: Math.round(forecast.errors.rmse * 100) / 100,
          alertedAt: now.toISOString(),
        },
      },
    ];
  }
  if (state.status === 'ALERTED' && !advice.belowLeadTime) {
    return [{ type: 'LowStockCleared', data: { ...cover, daysOfCover: advice.daysOfCover, clearedAt: now.toISOString() } }];
  }
  return [];
}

function evolve(state: StockAlertState, event: StockAlertEvent): StockAlertState {
  switch (event.type) {
    case 'LowStockAlerted':
      return { status: 'ALERTED' };
    case 'LowStockCleared':
      return { status: 'CLEAR' };
    default:
      return assertNever(event);
  }
}

export const stockAlertDecider: Decider<StockAlertState, StockAlertCommand, StockAlertEvent> = {
  initialState: initialStockAlertState,
  decide,
  evolve,
};
