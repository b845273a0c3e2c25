export * from './data-source';
export * from './migrate';
export * from './migrations';
export * from './pg-pool';
