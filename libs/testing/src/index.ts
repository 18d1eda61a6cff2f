export * from './infra';
export * from './processes';
export * from './wait';
export * from './unit-of-work';
export * from './fault-proxy';
export * from './hostile-input';
export * from './api-keys';
export * from './secure-broker';
