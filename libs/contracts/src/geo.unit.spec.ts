import { coarseLocation, distanceKm, placeOf } from './geo';

describe('places and distances', () => {
  it('measures great-circle distances in km', () => {
    const berlin = { lat: 52.52, lon: 13.405 };
    expect(distanceKm(berlin, berlin)).toBe(0);
    expect(distanceKm(berlin, { lat: 48.137, lon: 11.575 })).toBeCloseTo(504, -1); // Munich
    expect(distanceKm(berlin, { lat: 40.713, lon: -74.006 })).toBeCloseTo(6385, -2); // New York
    expect(distanceKm({ lat: 0, lon: 179.5 }, { lat: 0, lon: -179.5 })).toBeCloseTo(111.2, 0); // across the date line
  });

  it('places by own location, else region (either code form), else country, else not at all', () => {
    expect(placeOf({ country: 'DE', region: 'BY', location: { lat: 49.45, lon: 11.08 } })).toEqual({ lat: 49.45, lon: 11.08, placedBy: 'ADDRESS' });
    expect(placeOf({ country: 'DE', region: 'BY' })).toEqual({ lat: 48.79, lon: 11.5, placedBy: 'REGION' });
    expect(placeOf({ country: 'DE', region: 'de-by' })).toEqual({ lat: 48.79, lon: 11.5, placedBy: 'REGION' });
    expect(placeOf({ country: 'DE', region: 'Atlantis' })).toEqual({ lat: 51.17, lon: 10.45, placedBy: 'COUNTRY' });
    expect(placeOf({ country: 'IS' })).toBeUndefined();
  });

  it('coarsens a customer location to one decimal', () => {
    expect(coarseLocation({ lat: 49.4521, lon: 11.0767 })).toEqual({ lat: 49.5, lon: 11.1 });
    expect(coarseLocation({ lat: -33.8688, lon: 151.2093 })).toEqual({ lat: -33.9, lon: 151.2 });
  });
});
