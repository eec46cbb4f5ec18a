import { parseKeysetPage, toKeysetConnection, type Connection, type ConnectionArgs, type KeysetPage } from '@agora/service-kit';
import type { ReportView } from '../application/views';

/** A validated page request of a report list, in `(created_at, id)` descending order. */
export type ReportPage = KeysetPage;

/** Relay args → validated page (1–100, default 20); BAD_USER_INPUT (field `first` / `after`) when not usable. */
export const parseReportPage = (args: ConnectionArgs): ReportPage => parseKeysetPage(args);

/** A connection from rows fetched with `first + 1`. */
export function toReportConnection(rows: ReportView[], page: ReportPage): Connection<ReportView> {
  return toKeysetConnection(rows, page, (report) => ({ at: report.createdAt, id: report.id }));
}
