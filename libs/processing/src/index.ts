export * from './report-processor';
