import type { ReportContext, RuleEvent } from './report-context';
export function extractTalks(_ctx: ReportContext): RuleEvent[] { return []; }
