/**
 * Builds the single text the extractor reads from a report: title, summary and content
 * joined by blank lines. When the content already contains the summary (RSS feeds often
 * repeat it as the first paragraph) the summary is left out, so no sentence is read twice.
 * Offsets of evidence refer to this text.
 */
export type Section = 'title' | 'summary' | 'content';

export interface ReportText {
  text: string;
  sections: { section: Section; start: number; end: number }[];
}

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim().toLowerCase();

export function buildReportText(title?: string | null, summary?: string | null, content?: string | null): ReportText {
  const parts: { section: Section; body: string }[] = [];
  const t = (title ?? '').trim();
  const s = (summary ?? '').trim();
  const c = (content ?? '').trim();
  if (t) parts.push({ section: 'title', body: t });
  const contentRepeatsSummary = s !== '' && c !== '' && squash(c).includes(squash(s));
  if (s && !contentRepeatsSummary) parts.push({ section: 'summary', body: s });
  if (c) parts.push({ section: 'content', body: c });
  let text = '';
  const sections: ReportText['sections'] = [];
  for (const p of parts) {
    if (text) text += '\n\n';
    const start = text.length;
    text += p.body;
    sections.push({ section: p.section, start, end: text.length });
  }
  return { text, sections };
}
