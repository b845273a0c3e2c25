import type { ReportContext, RuleEvent } from './report-context';
export function extractExchanges(_ctx: ReportContext): RuleEvent[] { return []; }
