import { IncidentHead, Queryable, sourceReports } from '@app/projections';

/** An incident with each source's report title, link and feed beside its evidence sentences. */
export async function withSourceReports<R extends IncidentHead>(db: Queryable, row: R): Promise<R> {
  const reports = await sourceReports(
    db,
    row.sources.map((s) => s.reportId),
  );
  return {
    ...row,
    sources: row.sources.map((s) => {
      const r = reports.get(s.reportId);
      return {
        ...s,
        title: r?.title ?? null,
        url: r?.url ?? null,
        publishedAt: r?.publishedAt ?? null,
        feedId: s.feedId ?? r?.feedId ?? null,
      };
    }),
  };
}
