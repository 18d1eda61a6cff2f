import { loadConfig } from '@orderflow/platform';
import { DEFAULT_CARRIERS } from '../domain/default-carriers';
import { shippingEnvSchema } from './shipping.config';

const load = (env: NodeJS.ProcessEnv) => loadConfig(shippingEnvSchema, env);
const carrier = { ...DEFAULT_CARRIERS[1] };

describe('shipping config', () => {
  it('defaults to three carriers of different speed and a one-minute delay check', () => {
    const config = load({});
    expect(config.SHIPPING_CARRIERS.map((c) => [c.name, c.transitDays])).toEqual([
      ['SwiftAir', 1],
      ['ParcelNet', 3],
      ['FreightLine', 5],
    ]);
    expect(config.SHIPPING_DELAY_CHECK_INTERVAL_MS).toBe(60_000);
  });

  it('reads carriers and the interval from the environment', () => {
    const config = load({ SHIPPING_CARRIERS: JSON.stringify([carrier]), SHIPPING_DELAY_CHECK_INTERVAL_MS: '5000' });
    expect(config.SHIPPING_CARRIERS).toEqual([carrier]);
    expect(config.SHIPPING_DELAY_CHECK_INTERVAL_MS).toBe(5000);
  });

  it('names the variable, the carrier and the field of a bad value', () => {
    const bad = JSON.stringify([carrier, { ...carrier, name: 'Snail', trackingPrefix: 'SN', transitDays: -1, countries: ['XX'] }]);
    expect(() => load({ SHIPPING_CARRIERS: bad })).toThrow(/SHIPPING_CARRIERS: carrier #2 \(Snail\): field "transitDays": expected ≥ 0/);
    expect(() => load({ SHIPPING_CARRIERS: bad })).toThrow(/carrier #2 \(Snail\): field "countries\[0\]": expected ISO-3166/);
    expect(() => load({ SHIPPING_CARRIERS: '[{' })).toThrow(/SHIPPING_CARRIERS: expected JSON/);
    expect(() => load({ SHIPPING_CARRIERS: '[]' })).toThrow(/SHIPPING_CARRIERS: expected at least one carrier/);
    expect(() => load({ SHIPPING_DELAY_CHECK_INTERVAL_MS: 'soon' })).toThrow(/SHIPPING_DELAY_CHECK_INTERVAL_MS: expected a number of milliseconds/);
  });

  it('refuses carriers sharing a name or tracking prefix, or pricing in different currencies', () => {
    const twice = JSON.stringify([carrier, { ...carrier, trackingPrefix: 'PX' }]);
    expect(() => load({ SHIPPING_CARRIERS: twice })).toThrow(/expected unique carrier names, "ParcelNet" appears twice/);
    const prefix = JSON.stringify([carrier, { ...carrier, name: 'Other' }]);
    expect(() => load({ SHIPPING_CARRIERS: prefix })).toThrow(/expected unique carrier tracking prefixes, "PN" appears twice/);
    const currencies = JSON.stringify([carrier, { ...carrier, name: 'Other', trackingPrefix: 'OT', currency: 'GBP' }]);
    expect(() => load({ SHIPPING_CARRIERS: currencies })).toThrow(/one currency, got EUR, GBP/);
  });
});
