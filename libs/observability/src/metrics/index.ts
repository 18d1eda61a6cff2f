export * from './event-store';
export * from './gateway';
export * from './http';
export * from './messaging';
export * from './names';
export * from './projections';
export * from './registry';
export * from './webhooks';
export { secondsSince } from './children';
