export * from './dates';
export * from './decider';
export * from './decider-spec';
