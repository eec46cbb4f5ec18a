import { defineCommand } from '@agora/context-runtime';
import { loadOwnCircle } from '../circle-command';
import { deleteCircleInputSchema } from '../inputs';
import type { TransactionScope } from '../ports';

/** `deleteCircle`: owner only; the circle goes with its memberships and one CircleDeleted event. */
export const deleteCircle = defineCommand({
  name: 'deleteCircle',
  input: deleteCircleInputSchema,
  viewer: 'required',
  async handle({ input: { circleId }, actor, metadata, now }, { circles, outbox }: TransactionScope): Promise<true> {
    const circle = await loadOwnCircle(circles, circleId, actor.id);
    circle.delete(now);
    await circles.save(circle);
    await outbox.append(circle.pullEvents(), metadata);
    return true;
  },
});
