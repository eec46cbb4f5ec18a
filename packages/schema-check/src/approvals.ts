import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { APPROVALS_PATH } from './repo-layout';
import type { Finding } from './report';

/**
 * `schema/approvals.json`: breaking changes a reviewer accepted, each with a reason. The file is
 * reviewed like code (CODEOWNERS), which is what makes an approval an approval.
 *
 * An entry approves one change: its target (a context, `supergraph`, or an event type), its
 * coordinate (`Post.title`, `Query.posts.first`, or an event payload path such as `body`) and
 * the change type the gate printed (`FIELD_REMOVED`, `FIELD_TYPE_CHANGED`, ...). An approval for
 * a context also covers the same change where it surfaces in the supergraph, so one removal needs
 * one approval. Entries that match nothing any more are reported as warnings: delete them once
 * the change is merged.
 */
const approvalSchema = z.object({
  target: z.string().min(1),
  coordinate: z.string().min(1),
  change: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'a change type such as FIELD_REMOVED'),
  reason: z.string().trim().min(10, 'say why the break is acceptable (at least 10 characters)'),
  approvedBy: z.string().trim().min(1),
});

const approvalsFileSchema = z.object({
  $comment: z.string().optional(),
  approvals: z.array(approvalSchema),
});

export type Approval = z.infer<typeof approvalSchema>;

export class Approvals {
  private readonly used = new Set<number>();

  private constructor(
    private readonly entries: Approval[],
    private readonly lines: number[],
  ) {}

  static empty(): Approvals {
    return new Approvals([], []);
  }

  /** Loads the file; a missing file means no approvals, a malformed one is a finding. */
  static async load(rootDir: string): Promise<{ approvals: Approvals; problem?: Finding }> {
    let text: string;
    try {
      text = await readFile(join(rootDir, APPROVALS_PATH), 'utf8');
    } catch {
      return { approvals: Approvals.empty() };
    }
    let parsed: z.ZodSafeParseResult<z.infer<typeof approvalsFileSchema>>;
    try {
      parsed = approvalsFileSchema.safeParse(JSON.parse(text));
    } catch (error) {
      return { approvals: Approvals.empty(), problem: invalid(`not valid JSON: ${(error as Error).message}`) };
    }
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { approvals: Approvals.empty(), problem: invalid(`${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`) };
    }
    return { approvals: new Approvals(parsed.data.approvals, entryLines(text)) };
  }

  /** The approval for this change, if any, searching the given targets in order. */
  match(targets: string[], coordinate: string | undefined, change: string): Approval | undefined {
    if (!coordinate) return undefined;
    for (const target of targets) {
      const index = this.entries.findIndex((a) => a.target === target && a.coordinate === coordinate && a.change === change);
      if (index >= 0) {
        this.used.add(index);
        return this.entries[index];
      }
    }
    return undefined;
  }

  /** Warnings for approvals (of targets this run checked) that matched no change. */
  obsolete(checkedTarget: (target: string) => boolean): Finding[] {
    return this.entries.flatMap((approval, index) => {
      if (this.used.has(index) || !checkedTarget(approval.target)) return [];
      const line = this.lines[index];
      const finding: Finding = {
        level: 'warning',
        code: 'APPROVAL_OBSOLETE',
        message: `approval of ${approval.change} at ${approval.coordinate} (${approval.target}) matches no change against the base`,
        location: line === undefined ? { path: APPROVALS_PATH } : { path: APPROVALS_PATH, line, column: 1 },
        coordinate: approval.coordinate,
        hint: 'remove it once the change is merged (or fix its target/coordinate/change)',
      };
      return [finding];
    });
  }
}

/** Approval text for a finding's hint, ready to paste into the file. */
export function approvalSnippet(target: string, coordinate: string, change: string): string {
  return JSON.stringify({ target, coordinate, change, reason: '…', approvedBy: '…' });
}

function invalid(message: string): Finding {
  return { level: 'error', code: 'APPROVALS_INVALID', message, location: { path: APPROVALS_PATH } };
}

/** Line of each entry's opening brace inside the `approvals` array, for warning locations. */
function entryLines(text: string): number[] {
  const start = text.indexOf('"approvals"');
  if (start < 0) return [];
  const lines: number[] = [];
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === '[' || char === '{') {
      depth++;
      if (char === '{' && depth === 2) lines.push(text.slice(0, i).split('\n').length);
    } else if (char === ']' || char === '}') {
      depth--;
      if (depth === 0) break;
    }
  }
  return lines;
}
