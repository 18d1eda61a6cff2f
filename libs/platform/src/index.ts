export * from './config';
export * from './database';
export * from './migrations';
export * from './nest/contract-decoder';
export * from './nest/platform.module';
export * from './nest/run-service';
export * from './nest/service-descriptor';
export * from './nest/tokens';
