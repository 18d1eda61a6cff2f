import { Random } from './random';

/** The simulated outside world: warehouses, products, channels and customers. */
export interface SimWarehouse {
  warehouseId: string;
  name: string;
  country: string;
  region: string;
  /** Where it is: allocation ships from the nearest warehouse that can fill an order (docs/adr/0037). */
  location: { lat: number; lon: number };
}

export interface SimProduct {
  sku: string;
  priceMinor: number;
  weightGrams: number;
  /** Units each warehouse starts with; scarce products run out and backorder. */
  initialStock: number;
  scarce: boolean;
}

/**
 * A product the simulated factory makes for each order (docs/adr/0039): registered with the order
 * service's admin API as the simulator starts, with the options its buyers choose from.
 */
export interface SimMadeToOrderProduct {
  sku: string;
  name: string;
  priceMinor: number;
  weightGrams: number;
  madeToOrder: {
    productionLeadTimeDays: number;
    options: Record<string, { values?: string[]; maxLength?: number; required?: boolean }>;
    cancellationAfterStart: 'refuse' | 'charge';
  };
}

export const MADE_TO_ORDER_PRODUCTS: SimMadeToOrderProduct[] = [
  {
    sku: 'SKU-MUG-ENGRAVED',
    name: 'Engraved mug',
    priceMinor: 2490,
    weightGrams: 450,
    madeToOrder: {
      productionLeadTimeDays: 3,
      options: { colour: { values: ['white', 'blue', 'sage'], required: true }, engraving: { maxLength: 30 } },
      cancellationAfterStart: 'charge',
    },
  },
];

/** What buyers have engraved. */
export const ENGRAVINGS = ['For Ada', 'Happy birthday!', 'Best dad ever', 'Tea time', 'Grace & Alan', 'Hello world'];

export interface SimAddress {
  line1: string;
  city: string;
  region: string;
  postalCode: string;
  country: string;
  /** Some channels send where the parcel goes; the others are placed at their region's centroid. */
  location?: { lat: number; lon: number };
}

export const WAREHOUSES: SimWarehouse[] = [
  { warehouseId: 'WH-BER', name: 'Berlin fulfilment centre', country: 'DE', region: 'BE', location: { lat: 52.52, lon: 13.4 } },
  { warehouseId: 'WH-MUC', name: 'Munich fulfilment centre', country: 'DE', region: 'BY', location: { lat: 48.14, lon: 11.58 } },
  { warehouseId: 'WH-LYO', name: 'Lyon depot', country: 'FR', region: 'ARA', location: { lat: 45.76, lon: 4.84 } },
  { warehouseId: 'WH-MAN', name: 'Manchester depot', country: 'GB', region: 'ENG', location: { lat: 53.48, lon: -2.24 } },
  // A second Bavarian warehouse: Bavarian orders go to whichever of the two is nearer.
  { warehouseId: 'WH-NUE', name: 'Nuremberg depot', country: 'DE', region: 'BY', location: { lat: 49.45, lon: 11.08 } },
];

/** A same-day courier of the demo's local courier carrier, and where its shift starts (docs/adr/0038). */
export interface SimCourier {
  carrier: string;
  courierId: string;
  home: { lat: number; lon: number };
}

/** The carrier the demo configures for same-day delivery near its German warehouses (scripts/run.js). */
export const LOCAL_COURIER_CARRIER = 'CityCourier';

/** Couriers around Berlin, Munich and Nuremberg: a few km from their warehouses, in every direction. */
export const COURIERS: SimCourier[] = [
  ['CR-BER-1', 52.53, 13.38],
  ['CR-BER-2', 52.5, 13.45],
  ['CR-BER-3', 52.55, 13.3],
  ['CR-MUC-1', 48.15, 11.56],
  ['CR-MUC-2', 48.12, 11.62],
  ['CR-MUC-3', 48.18, 11.52],
  ['CR-NUE-1', 49.46, 11.06],
  ['CR-NUE-2', 49.43, 11.12],
].map(([courierId, lat, lon]) => ({ carrier: LOCAL_COURIER_CARRIER, courierId: String(courierId), home: { lat: Number(lat), lon: Number(lon) } }));

const CITIES: SimAddress[] = [
  { line1: 'Friedrichstr. 12', city: 'Berlin', region: 'BE', postalCode: '10117', country: 'DE' },
  { line1: 'Leopoldstr. 3', city: 'Munich', region: 'BY', postalCode: '80802', country: 'DE', location: { lat: 48.16, lon: 11.59 } },
  { line1: 'Königstr. 20', city: 'Nuremberg', region: 'BY', postalCode: '90402', country: 'DE', location: { lat: 49.45, lon: 11.08 } },
  { line1: 'Domplatz 2', city: 'Regensburg', region: 'BY', postalCode: '93047', country: 'DE' },
  { line1: 'Speicherstadt 5', city: 'Hamburg', region: 'HH', postalCode: '20457', country: 'DE' },
  { line1: 'Rue de la République 8', city: 'Lyon', region: 'ARA', postalCode: '69002', country: 'FR' },
  { line1: 'Rue de Rivoli 40', city: 'Paris', region: 'IDF', postalCode: '75004', country: 'FR', location: { lat: 48.86, lon: 2.35 } },
  { line1: 'Deansgate 100', city: 'Manchester', region: 'ENG', postalCode: 'M3 2BW', country: 'GB' },
  { line1: 'Damrak 1', city: 'Amsterdam', region: 'NH', postalCode: '1012 LG', country: 'NL' },
  { line1: 'Via Roma 22', city: 'Milan', region: 'MI', postalCode: '20121', country: 'IT' },
  { line1: 'Broadway 500', city: 'New York', region: 'NY', postalCode: '10012', country: 'US' },
];

const NAMES = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Edsger Dijkstra', 'Barbara Liskov', 'Donald Knuth', 'Margaret Hamilton', 'Ken Thompson', 'Frances Allen', 'Tony Hoare'];

/** Channel → the currency it sells in, and how often orders come from it. */
export const CHANNELS: { channel: string; currency: string; weight: number }[] = [
  { channel: 'webshop', currency: 'EUR', weight: 5 },
  { channel: 'marketplace', currency: 'EUR', weight: 3 },
  { channel: 'app', currency: 'EUR', weight: 3 },
  { channel: 'phone', currency: 'EUR', weight: 1 },
  { channel: 'email', currency: 'EUR', weight: 1 },
  { channel: 'pos', currency: 'GBP', weight: 1 },
];

export function products(random: Random): SimProduct[] {
  const kinds = ['MUG', 'TEAPOT', 'KETTLE', 'CUP', 'PLATE', 'BOWL', 'SPOON', 'TRAY', 'JAR', 'LAMP', 'CLOCK', 'VASE'];
  return kinds.map((kind, i) => {
    const scarce = i % 5 === 4;
    return {
      sku: `SKU-${kind}`,
      priceMinor: random.int(3, 80) * 100 - 1,
      weightGrams: random.int(2, 40) * 100,
      initialStock: scarce ? random.int(1, 3) : random.int(40, 120),
      scarce,
    };
  });
}

export interface SimCustomer {
  id: string;
  name: string;
  email: string;
  address: SimAddress;
}

export function customers(random: Random, count = 40): SimCustomer[] {
  return Array.from({ length: count }, (_, i) => {
    const name = random.pick(NAMES);
    return {
      id: `CUST-${String(i + 1).padStart(4, '0')}`,
      name,
      email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}.${i + 1}@example.com`,
      address: random.pick(CITIES),
    };
  });
}
