import { defineCommand } from '@agora/context-runtime';
import { Circle, circleNameKey } from '../../domain/circle';
import { SocialError } from '../../domain/social.errors';
import { createCircleInputSchema } from '../inputs';
import type { TransactionScope } from '../ports';
import { toCircleView, type CircleView } from '../views';

/**
 * `createCircle`: an empty circle of the viewer's. The owner's creations are serialised so the
 * 100-circle limit holds under concurrency; the unique (owner, name) index backs the name check.
 */
export const createCircle = defineCommand({
  name: 'createCircle',
  input: createCircleInputSchema,
  viewer: 'required',
  async handle({ input: { name }, actor, metadata, now, ids }, { circles, outbox }: TransactionScope): Promise<CircleView> {
    await circles.lockOwner(actor.id);
    if (await circles.nameTaken(actor.id, circleNameKey(name))) throw SocialError.circleNameTaken();
    const circle = Circle.create({ id: ids.newId(), ownerId: actor.id, name, ownedAlready: await circles.countOwnedBy(actor.id), at: now });
    await circles.save(circle);
    await outbox.append(circle.pullEvents(), metadata);
    return toCircleView(circle);
  },
});
