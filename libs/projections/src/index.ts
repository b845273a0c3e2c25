export * from './projection';
export * from './projection-runner';
export * from './rebuild';
export * from './registry';
export * from './event-type-counts/event-type-counts.projection';
export * from './projection-status';
