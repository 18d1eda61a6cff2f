/**
 * Places and distances for allocation (docs/adr/0037).
 *
 * The centroid table below was written for orderflow by its authors: approximate geographic
 * centres of countries and of ISO 3166-2 subdivisions (German Länder, French regions, British
 * nations, Dutch provinces, Spanish communities, Austrian states, a few Italian provinces and US
 * states), rounded to two decimals. Such coordinates are facts, not a copied dataset; the table is
 * under the project's own licence. It places an address or a warehouse that gives no location
 * closely enough to rank warehouses hundreds of kilometres apart, and no closer.
 */

export interface GeoPoint {
  lat: number;
  lon: number;
}

export type PlacedBy = 'ADDRESS' | 'REGION' | 'COUNTRY';

const EARTH_RADIUS_KM = 6371.0088;
const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle (haversine) distance in km, to one decimal. */
export function distanceKm(a: GeoPoint, b: GeoPoint): number {
  const dLat = radians(b.lat - a.lat);
  const dLon = radians(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(a.lat)) * Math.cos(radians(b.lat)) * Math.sin(dLon / 2) ** 2;
  return Math.round(2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h))) * 10) / 10;
}

/**
 * A customer's location as orderflow keeps it: one decimal (about 11 km of latitude), coarser than
 * a postal code, so that it says which part of a region the parcel goes to and not whose door it is.
 */
export function coarseLocation(point: GeoPoint): GeoPoint {
  const one = (x: number) => Math.round(x * 10) / 10;
  return { lat: one(point.lat), lon: one(point.lon) };
}

type Table = Readonly<Record<string, readonly [number, number]>>;

const COUNTRY_CENTROIDS: Table = {
  AT: [47.52, 14.55], AU: [-25.27, 133.78], BE: [50.5, 4.47], BG: [42.73, 25.49], BR: [-14.24, -51.93],
  CA: [56.13, -106.35], CH: [46.82, 8.23], CN: [35.86, 104.2], CZ: [49.82, 15.47], DE: [51.17, 10.45],
  DK: [56.26, 9.5], EE: [58.6, 25.01], ES: [40.46, -3.75], FI: [61.92, 25.75], FR: [46.23, 2.21],
  GB: [55.38, -3.44], GR: [39.07, 21.82], HR: [45.1, 15.2], HU: [47.16, 19.5], IE: [53.41, -8.24],
  IN: [20.59, 78.96], IT: [41.87, 12.57], JP: [36.2, 138.25], LT: [55.17, 23.88], LU: [49.82, 6.13],
  LV: [56.88, 24.6], MX: [23.63, -102.55], NL: [52.13, 5.29], NO: [60.47, 8.47], PL: [51.92, 19.15],
  PT: [39.4, -8.22], RO: [45.94, 24.97], SE: [60.13, 18.64], SI: [46.15, 14.99], SK: [48.67, 19.7],
  US: [39.83, -98.58],
};

/** By country, then the subdivision part of its ISO 3166-2 code (DE-BY → DE, BY). */
const REGION_CENTROIDS: Readonly<Record<string, Table>> = {
  DE: {
    BW: [48.66, 9.35], BY: [48.79, 11.5], BE: [52.52, 13.4], BB: [52.41, 12.53], HB: [53.08, 8.8], HH: [53.55, 10.0],
    HE: [50.65, 9.16], MV: [53.61, 12.43], NI: [52.64, 9.85], NW: [51.43, 7.66], RP: [49.91, 7.45], SL: [49.4, 6.96],
    SN: [51.1, 13.2], ST: [51.95, 11.69], SH: [54.22, 9.7], TH: [50.86, 11.05],
  },
  FR: {
    ARA: [45.45, 4.39], BFC: [47.28, 4.99], BRE: [48.2, -2.93], CVL: [47.75, 1.68], COR: [42.04, 9.01], GES: [48.7, 6.19],
    HDF: [49.97, 2.79], IDF: [48.85, 2.35], NOR: [49.18, 0.37], NAQ: [45.71, 0.37], OCC: [43.89, 2.37], PDL: [47.76, -0.33],
    PAC: [43.94, 6.07],
  },
  GB: { ENG: [52.36, -1.17], SCT: [56.49, -4.2], WLS: [52.13, -3.78], NIR: [54.79, -6.49] },
  NL: {
    DR: [52.95, 6.62], FL: [52.53, 5.6], FR: [53.16, 5.78], GE: [52.05, 5.87], GR: [53.22, 6.74], LI: [51.21, 5.94],
    NB: [51.48, 5.23], NH: [52.52, 4.79], OV: [52.44, 6.5], UT: [52.09, 5.12], ZE: [51.49, 3.85], ZH: [52.02, 4.49],
  },
  ES: {
    AN: [37.46, -4.58], AR: [41.52, -0.66], AS: [43.29, -5.99], CN: [28.29, -15.63], CB: [43.2, -4.03], CL: [41.75, -4.78],
    CM: [39.58, -3.0], CT: [41.8, 1.52], EX: [39.19, -6.15], GA: [42.75, -7.91], IB: [39.57, 2.91], RI: [42.27, -2.52],
    MD: [40.42, -3.7], MC: [38.0, -1.48], NC: [42.67, -1.65], PV: [43.04, -2.62], VC: [39.4, -0.55],
  },
  AT: {
    '1': [47.5, 16.5], '2': [46.72, 13.85], '3': [48.21, 15.63], '4': [48.03, 13.97], '5': [47.45, 13.05],
    '6': [47.25, 15.0], '7': [47.2, 11.4], '8': [47.25, 9.9], '9': [48.21, 16.37],
  },
  IT: { MI: [45.46, 9.19], RM: [41.9, 12.5], TO: [45.07, 7.69], NA: [40.85, 14.27], FI: [43.77, 11.25], VE: [45.44, 12.32] },
  US: {
    AZ: [34.3, -111.7], CA: [36.78, -119.42], CO: [39.0, -105.5], FL: [27.8, -81.7], GA: [32.7, -83.4], IL: [40.0, -89.2],
    MA: [42.3, -71.8], MI: [44.3, -85.4], MN: [46.3, -94.3], NC: [35.6, -79.4], NJ: [40.1, -74.7], NV: [39.3, -116.6],
    NY: [42.9, -75.5], OH: [40.3, -82.8], OR: [43.9, -120.6], PA: [40.9, -77.8], TN: [35.9, -86.4], TX: [31.0, -99.9],
    VA: [37.5, -78.8], WA: [47.4, -120.5],
  },
};

const point = ([lat, lon]: readonly [number, number]): GeoPoint => ({ lat, lon });

/** A region's own code, whether written "BY" or "DE-BY", upper-cased. */
const subdivision = (country: string, region: string) => {
  const code = region.trim().toUpperCase();
  return code.startsWith(`${country}-`) ? code.slice(country.length + 1) : code;
};

/**
 * Where something is: its own location, else its region's centroid, else its country's; undefined
 * when the table knows neither.
 */
export function placeOf(place: { country: string; region?: string; location?: GeoPoint }): (GeoPoint & { placedBy: PlacedBy }) | undefined {
  if (place.location) return { ...place.location, placedBy: 'ADDRESS' };
  const country = place.country.trim().toUpperCase();
  const region = place.region ? REGION_CENTROIDS[country]?.[subdivision(country, place.region)] : undefined;
  if (region) return { ...point(region), placedBy: 'REGION' };
  const whole = COUNTRY_CENTROIDS[country];
  return whole ? { ...point(whole), placedBy: 'COUNTRY' } : undefined;
}
