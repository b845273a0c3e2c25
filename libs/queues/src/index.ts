export * from './queues';
export * from './feed-poll.job';
