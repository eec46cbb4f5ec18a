import type { Circle } from '../domain/circle';
import { SocialError } from '../domain/social.errors';
import type { CircleRepository } from './ports';

/** The viewer's circle, locked for the rest of the transaction; NOT_FOUND for anyone else's. */
export async function loadOwnCircle(circles: CircleRepository, circleId: string, ownerId: string): Promise<Circle> {
  const circle = await circles.findForUpdate(circleId);
  if (!circle) throw SocialError.circleNotFound();
  circle.assertOwnedBy(ownerId);
  return circle;
}
