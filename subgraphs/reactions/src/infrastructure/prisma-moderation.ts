import type { ModerationDecisions } from '../application/ports';
import type { ModerationDecision } from '../domain/moderation/moderation';
import type { Prisma } from './prisma/__generated__/client';

/** Moderators' decisions in `moderated_content`, one row per subject; the upsert is `nextModeration` in SQL. */
export class PrismaModerationDecisions implements ModerationDecisions {
  constructor(private readonly tx: Prisma.TransactionClient) {}

  async record(decision: ModerationDecision): Promise<void> {
    await this.tx.$executeRaw`
      INSERT INTO moderated_content (subject_id, subject_type, post_id, author_id, removed, decided_at)
      VALUES (${decision.subjectId}::uuid, ${decision.subjectType}, ${decision.postId}::uuid, ${decision.authorId}::uuid,
              ${decision.removed}, ${decision.decidedAt}::timestamptz)
      ON CONFLICT (subject_id) DO UPDATE SET removed = EXCLUDED.removed, decided_at = EXCLUDED.decided_at
      WHERE EXCLUDED.decided_at > moderated_content.decided_at
         OR (EXCLUDED.decided_at = moderated_content.decided_at AND EXCLUDED.removed AND NOT moderated_content.removed)`;
  }
}
