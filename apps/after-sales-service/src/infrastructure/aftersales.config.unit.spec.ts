import { ConfigError, loadConfig } from '@orderflow/platform';
import { afterSalesEnvSchema } from './aftersales.config';

describe('after-sales configuration', () => {
  it('defaults to a 30-day return window, 72 h complaints (24 h for delivery cases), 5 days for exchanges, and 72 h of waiting for a delivery', () => {
    expect(loadConfig(afterSalesEnvSchema, {})).toEqual({
      RETURN_WINDOW_DAYS: 30,
      COMPLAINT_SLA_HOURS: { default: 72, DELIVERY_FAILED: 24, RETURNED_TO_SENDER: 24, SHIPPED_AFTER_CANCELLATION: 24 },
      EXCHANGE_LEAD_TIME_DAYS: 5,
      RETURN_DELIVERY_WAIT_HOURS: 72,
      RETURN_DELIVERY_WAIT_CHECK_INTERVAL_MS: 60_000,
    });
  });

  it('reads the settings from the environment', () => {
    const config = loadConfig(afterSalesEnvSchema, {
      RETURN_WINDOW_DAYS: '14',
      COMPLAINT_SLA_HOURS: '{"default": 48, "DAMAGED_GOODS": 12}',
      EXCHANGE_LEAD_TIME_DAYS: '3',
      RETURN_DELIVERY_WAIT_HOURS: '0',
      RETURN_DELIVERY_WAIT_CHECK_INTERVAL_MS: '5000',
    });
    expect(config).toEqual({
      RETURN_WINDOW_DAYS: 14,
      COMPLAINT_SLA_HOURS: { default: 48, DAMAGED_GOODS: 12 },
      EXCHANGE_LEAD_TIME_DAYS: 3,
      RETURN_DELIVERY_WAIT_HOURS: 0,
      RETURN_DELIVERY_WAIT_CHECK_INTERVAL_MS: 5000,
    });
  });

  it('refuses an SLA map without a default, or with hours that are not whole, naming the variable', () => {
    expect(() => loadConfig(afterSalesEnvSchema, { COMPLAINT_SLA_HOURS: '{"DAMAGED_GOODS": 12}' })).toThrow(
      new ConfigError('invalid configuration: COMPLAINT_SLA_HOURS: expected a "default" entry, got "{\\"DAMAGED_GOODS\\": 12}"'),
    );
    expect(() => loadConfig(afterSalesEnvSchema, { COMPLAINT_SLA_HOURS: '{"default": 1.5}' })).toThrow(/COMPLAINT_SLA_HOURS\.default: expected whole hours/);
    expect(() => loadConfig(afterSalesEnvSchema, { RETURN_WINDOW_DAYS: '-1' })).toThrow(/RETURN_WINDOW_DAYS: expected ≥ 0, got "-1"/);
    expect(() => loadConfig(afterSalesEnvSchema, { RETURN_DELIVERY_WAIT_HOURS: '1.5' })).toThrow(/RETURN_DELIVERY_WAIT_HOURS: expected whole hours/);
    expect(() => loadConfig(afterSalesEnvSchema, { RETURN_DELIVERY_WAIT_CHECK_INTERVAL_MS: '10' })).toThrow(
      /RETURN_DELIVERY_WAIT_CHECK_INTERVAL_MS: expected ≥ 1000/,
    );
  });
});
