export * from './test-database';
export * from './helpers';
