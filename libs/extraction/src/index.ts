export { EXTRACTOR_VERSION, extract } from './extract';
export { warmGazetteer } from './gazetteer/gazetteer';
export type { CandidateEvent, CandidateEventType, ExtractionResult, ReportInput } from './extract';
export { runExtractCli } from './cli/run-extract-cli';
