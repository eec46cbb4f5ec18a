/** The GraphQL operations the tests send to moderation (as the gateway would, for a subgraph). */
const REPORT_FIELDS = `id reporter { id } subjectId post { id } comment { id } reason note status createdAt resolvedAt`;

export const REPORT_CONTENT = `mutation($input: ReportContentInput!) { reportContent(input: $input) { ${REPORT_FIELDS} } }`;
export const RESOLVE_REPORT = `mutation($input: ResolveReportInput!) { resolveReport(input: $input) { ${REPORT_FIELDS} } }`;
export const SUSPEND_USER = `mutation($input: SuspendUserInput!) { suspendUser(input: $input) { id suspendedUntil } }`;
export const UNSUSPEND_USER = `mutation($input: UserRefInput!) { unsuspendUser(input: $input) { id suspendedUntil } }`;
export const RESTORE_CONTENT = `mutation($input: RestoreContentInput!) { restoreContent(input: $input) }`;
export const REPORTS = `query($status: ReportStatus, $first: Int, $after: String) {
  reports(status: $status, first: $first, after: $after) {
    edges { cursor node { id status subjectId } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;
export const REPORT_ENTITIES = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Report { ${REPORT_FIELDS} } } }`;
export const USER_SUSPENSION = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on User { id suspendedUntil } } }`;
export const USER_REPORTS = `query($representations: [_Any!]!, $status: ReportStatus, $first: Int) {
  _entities(representations: $representations) {
    ... on User { id moderationReports(status: $status, first: $first) { edges { node { id subjectId status } } pageInfo { hasNextPage } } }
  }
}`;

export const reportRefs = (ids: string[]) => ids.map((id) => ({ __typename: 'Report', id }));
export const userRefs = (ids: string[]) => ids.map((id) => ({ __typename: 'User', id }));
