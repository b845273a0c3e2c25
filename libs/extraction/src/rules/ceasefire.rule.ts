import type { ReportContext, RuleEvent } from './report-context';
export function extractCeasefires(_ctx: ReportContext): RuleEvent[] { return []; }
