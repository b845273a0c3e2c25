export * from './values';
export * from './catalogue';
export * as IngestionEvents from './ingestion.events';
export * as IncidentEvents from './incident.events';
export * as AlertEvents from './alert.events';
export * from './ids';
export * from './incident.decider';
