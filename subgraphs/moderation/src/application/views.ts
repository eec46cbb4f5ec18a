import type { Report } from '../domain/report/report';

/** A report as the graph shows it (the stored state). */
export type ReportView = Report;

/** A reference to another context's entity (User, Post, Comment): the gateway resolves the rest. */
export interface EntityRef {
  id: string;
}
