import { defineCommand } from '@agora/context-runtime';
import { circleNameKey } from '../../domain/circle';
import { SocialError } from '../../domain/social.errors';
import { loadOwnCircle } from '../circle-command';
import { renameCircleInputSchema } from '../inputs';
import type { TransactionScope } from '../ports';
import { toCircleView, type CircleView } from '../views';

/** `renameCircle`: owner only; CONFLICT when another of the owner's circles has the name. */
export const renameCircle = defineCommand({
  name: 'renameCircle',
  input: renameCircleInputSchema,
  viewer: 'required',
  async handle({ input: { circleId, name }, actor, metadata, now }, { circles, outbox }: TransactionScope): Promise<CircleView> {
    const circle = await loadOwnCircle(circles, circleId, actor.id);
    if (await circles.nameTaken(actor.id, circleNameKey(name), circle.id)) throw SocialError.circleNameTaken();
    if (circle.rename(name, now)) {
      await circles.save(circle);
      await outbox.append(circle.pullEvents(), metadata);
    }
    return toCircleView(circle);
  },
});
