export * from './report-processor';
export * from './owed-reports';
