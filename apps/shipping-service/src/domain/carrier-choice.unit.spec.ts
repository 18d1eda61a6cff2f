import { DomainError } from '@orderflow/decider';
import { DEFAULT_CARRIERS } from './default-carriers';
import { Carrier, chooseCarrier, shippingCost } from './carrier-choice';

const booking = '2026-03-02';
const carrier = (name: string, overrides: Partial<Carrier> = {}): Carrier => ({
  name,
  serviceLevel: 'STANDARD',
  transitDays: 3,
  maxWeightGrams: 20_000,
  countries: '*',
  baseCostMinor: 500,
  costPerKgMinor: 100,
  currency: 'EUR',
  trackingPrefix: name.slice(0, 2).toUpperCase(),
  ...overrides,
});

describe('carrier choice', () => {
  describe('with the default carriers', () => {
    const choose = (country: string, weightGrams: number, promisedBy: string) =>
      chooseCarrier(DEFAULT_CARRIERS, { country, weightGrams }, booking, promisedBy);

    it('books the cheapest carrier that arrives in time for a light EU parcel promised far ahead', () => {
      expect(choose('DE', 2000, '2026-03-09')).toEqual({
        carrier: expect.objectContaining({ name: 'ParcelNet' }),
        costMinor: 610,
        estimatedDeliveryDate: '2026-03-05',
        rule: 'cheapest carrier arriving by the promised date 2026-03-09',
      });
    });

    it('pays for express when only express arrives by a near promise', () => {
      expect(choose('DE', 2000, '2026-03-04')).toMatchObject({
        carrier: { name: 'SwiftAir' },
        costMinor: 2100,
        estimatedDeliveryDate: '2026-03-03',
      });
    });

    it('sends a heavy parcel with the only carrier that takes it, even when it arrives late', () => {
      expect(choose('DE', 40_000, '2026-03-03')).toEqual({
        carrier: expect.objectContaining({ name: 'FreightLine' }),
        costMinor: 3300,
        estimatedDeliveryDate: '2026-03-07',
        rule: 'fastest carrier, as none arrives by the promised date 2026-03-03',
      });
    });

    it('leaves out a carrier that does not serve the destination country', () => {
      expect(choose('US', 2000, '2026-03-20')).toMatchObject({ carrier: { name: 'SwiftAir' }, costMinor: 2100 });
    });

    it('takes a parcel of exactly the maximum weight, and not a gram more', () => {
      expect(choose('US', 30_000, '2026-03-03')).toMatchObject({ carrier: { name: 'SwiftAir' } });
      expect(choose('US', 30_001, '2026-03-03')).toMatchObject({ carrier: { name: 'FreightLine' } });
    });
  });

  it('charges the base price plus every started kilogram', () => {
    const c = carrier('Kilo', { baseCostMinor: 500, costPerKgMinor: 100 });
    expect(shippingCost(c, 1000)).toBe(600);
    expect(shippingCost(c, 1001)).toBe(700);
  });

  it('among carriers in time at the same price, takes the faster, then the first by name', () => {
    const slow = carrier('Alpha', { transitDays: 3 });
    const fast = carrier('Zulu', { transitDays: 2 });
    const twin = carrier('Bravo', { transitDays: 2 });
    expect(chooseCarrier([slow, fast], { country: 'DE', weightGrams: 1000 }, booking, '2026-03-10').carrier.name).toBe('Zulu');
    expect(chooseCarrier([fast, twin], { country: 'DE', weightGrams: 1000 }, booking, '2026-03-10').carrier.name).toBe('Bravo');
  });

  it('when none is in time, takes the fastest; among equally fast ones the cheaper, then the first by name', () => {
    const dear = carrier('Alpha', { transitDays: 4, baseCostMinor: 900 });
    const cheap = carrier('Zulu', { transitDays: 4, baseCostMinor: 400 });
    const twin = carrier('Bravo', { transitDays: 4, baseCostMinor: 400 });
    const slowest = carrier('Slow', { transitDays: 9, baseCostMinor: 1 });
    const parcel = { country: 'DE', weightGrams: 1000 };
    expect(chooseCarrier([dear, cheap, slowest], parcel, booking, '2026-03-03').carrier.name).toBe('Zulu');
    expect(chooseCarrier([cheap, twin], parcel, booking, '2026-03-03').carrier.name).toBe('Bravo');
  });

  it('counts a carrier arriving on the promised date itself as in time', () => {
    const onTheDay = carrier('OnTheDay', { transitDays: 3, baseCostMinor: 100 });
    const express = carrier('Express', { transitDays: 1, baseCostMinor: 900 });
    const choice = chooseCarrier([express, onTheDay], { country: 'DE', weightGrams: 1000 }, booking, '2026-03-05');
    expect(choice).toMatchObject({ carrier: { name: 'OnTheDay' }, estimatedDeliveryDate: '2026-03-05' });
  });

  it('refuses a parcel no carrier can take, naming weight and country', () => {
    const small = carrier('Small', { countries: ['DE'], maxWeightGrams: 5000 });
    const run = () => chooseCarrier([small], { country: 'FR', weightGrams: 6000 }, booking, '2026-03-10');
    expect(run).toThrow(DomainError);
    expect(run).toThrow('no configured carrier delivers a 6000 g parcel to FR');
  });
});
