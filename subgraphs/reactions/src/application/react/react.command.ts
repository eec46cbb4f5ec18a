import { defineCommand } from '@agora/context-runtime';
import { UserReaction } from '../../domain/reaction/reaction.aggregate';
import { ReactionsError } from '../../domain/reactions.errors';
import { reactInputSchema } from '../inputs';
import type { TransactionScope } from '../ports';

/**
 * `react`: the viewer reacts to a post or comment they may see. One reaction per viewer per
 * subject: another kind replaces the current one (one `reactions.reaction.set.v1` with
 * `previousKind`), the same kind again changes nothing and publishes nothing. NOT_FOUND when the
 * subject is missing, deleted, not known here yet, or invisible to the viewer. Returns true.
 */
export const react = defineCommand({
  name: 'react',
  input: reactInputSchema,
  viewer: 'required',
  async handle({ input: { subjectId, kind }, actor, metadata, now }, { subjects, reactions, outbox }: TransactionScope): Promise<boolean> {
    // The subject's facts first, then the pair: the order a deletion of the subject takes them
    // in too (facts, then reactions), so the two never wait for each other in a cycle.
    const subject = await subjects.findReactable(subjectId, actor.id);
    if (!subject) throw ReactionsError.subjectNotFound();
    const stored = await reactions.loadForUpdate(actor.id, subjectId);
    const reaction = stored ?? UserReaction.none(actor.id, subject, now);
    if (reaction.react(kind, subject, now)) {
      await reactions.save(reaction);
      await outbox.append(reaction.pullEvents(), metadata);
    }
    return true;
  },
});
