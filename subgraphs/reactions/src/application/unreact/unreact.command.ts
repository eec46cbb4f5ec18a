import { defineCommand } from '@agora/context-runtime';
import { unreactInputSchema } from '../inputs';
import type { TransactionScope } from '../ports';

/**
 * `unreact`: the viewer withdraws their reaction to a post or comment. True when one was removed
 * (one `reactions.reaction.removed.v1`), false when there was none (idempotent, no event). One's
 * own reaction can always be withdrawn, even from a subject one can no longer see.
 */
export const unreact = defineCommand({
  name: 'unreact',
  input: unreactInputSchema,
  viewer: 'required',
  async handle({ input: { subjectId }, actor, metadata, now }, { reactions, outbox }: TransactionScope): Promise<boolean> {
    const reaction = await reactions.loadForUpdate(actor.id, subjectId);
    if (!reaction || !reaction.withdraw(now)) return false;
    await reactions.save(reaction);
    await outbox.append(reaction.pullEvents(), metadata);
    return true;
  },
});
