export * from './bounds';
export * from './catalog';
export * from './consumers';
export * from './envelope';
export * from './events';
export * from './ids';
export * from './inbound/carrier-tracking';
export * from './inbound/channel-orders';
export * from './inbound/warehouse-operations';
export * from './iso';
export * from './issues';
export * from './lookup';
export * from './notifications';
export * from './personal-data';
export * from './topics';
export * from './wellformed';
// The edge's bounded building blocks; the stored events' own (unbounded) ones stay inside ./events.
export { minorUnits, quantity } from './envelope';
