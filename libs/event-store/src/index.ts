export * from './types';
export * from './errors';
export * from './upcasters';
export * from './postgres-event-store';
export * from './subscription';
export * from './checkpoint-store';
export * from './wake';
export * from './leader-consumer';
