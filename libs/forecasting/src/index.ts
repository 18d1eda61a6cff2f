export * from './demand-forecast';
export * from './errors';
export * from './normal';
export * from './random';
export * from './replenishment';
export * from './settings';
export * from './smoothing';
