/**
 * @agora/schema-check — the offline schema gate. See schema/README.md for the workflow and
 * src/cli.ts for the command line.
 */
export { runSchemaCheck, SchemaCheckUsageError, type SchemaCheckOptions } from './run-schema-check';
export { updateSchemaArtifacts, type ArtifactChange, type UpdateResult } from './update-artifacts';
export { formatText, formatFinding, type TextOptions } from './format-text';
export { diffEventSchemas, type EventSchemaChange } from './event-schema-diff';
export { SCHEMA_LINT_RULES } from './lint-config';
export { APPROVALS_PATH, EVENTS_DIR, OPERATIONS_DIR, SNAPSHOTS_DIR, SUPERGRAPH_PATH, UPDATE_COMMAND, findRepoRoot } from './repo-layout';
export type {
  BaseDescription,
  CheckResult,
  CheckStatus,
  Finding,
  FindingLevel,
  FindingLocation,
  SchemaCheckReport,
  Section,
} from './report';
