export * from './catalog';
export * from './envelope';
export * from './inbound/carrier-tracking';
export * from './inbound/channel-orders';
export * from './inbound/warehouse-operations';
export * from './iso';
export * from './topics';
