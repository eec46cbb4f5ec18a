import { defineCommand } from '@agora/context-runtime';
import { ModerationError } from '../../domain/moderation.errors';
import { optionalNote } from '../../domain/text';
import { restoreContentInputSchema } from '../inputs';
import { requireModerator } from '../moderator';
import type { TransactionScope } from '../ports';

/**
 * `restoreContent` (moderators): reverses a removal with moderation.content.restored.v1 (every
 * context shows the subject again as it was) and an audit row; MODERATION.NOT_REMOVED when the
 * subject is not removed (never was, or already restored). Reports stay as they were resolved.
 */
export const restoreContent = defineCommand({
  name: 'restoreContent',
  input: restoreContentInputSchema,
  viewer: 'required',
  async handle({ input, actor, now, ids, metadata }, { subjects, decisions, outbox }: TransactionScope): Promise<boolean> {
    requireModerator(input.actorRole);
    const note = optionalNote(input.note);
    const subject = await subjects.findRemoved(input.subjectId);
    if (!subject) throw ModerationError.notRemoved();
    await subjects.forgetRemoved(subject.id);
    await decisions.record({
      id: ids.newId(),
      moderatorId: actor.id,
      action: 'RESTORE_CONTENT',
      subjectType: subject.type,
      subjectId: subject.id,
      reportId: null,
      reason: note,
      at: now,
    });
    await outbox.append([{ type: 'ContentRestored', subject, moderatorId: actor.id, reason: note, at: now }], metadata);
    return true;
  },
});
