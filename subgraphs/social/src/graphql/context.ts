import type { BaseContext } from '@agora/service-kit';
import type { AddToCircleHandler } from '../application/add-to-circle/add-to-circle.handler';
import type { BlockUserHandler } from '../application/block-user/block-user.handler';
import type { CreateCircleHandler } from '../application/create-circle/create-circle.handler';
import type { DeleteCircleHandler } from '../application/delete-circle/delete-circle.handler';
import type { FollowUserHandler } from '../application/follow-user/follow-user.handler';
import type { RemoveFromCircleHandler } from '../application/remove-from-circle/remove-from-circle.handler';
import type { RenameCircleHandler } from '../application/rename-circle/rename-circle.handler';
import type { UnblockUserHandler } from '../application/unblock-user/unblock-user.handler';
import type { UnfollowUserHandler } from '../application/unfollow-user/unfollow-user.handler';
import type { PrismaSocialQueries } from '../infrastructure/prisma-social.queries';
import type { SocialLoaders } from './loaders';

/** Use cases, built once per process. */
export interface SocialCommands {
  follow: FollowUserHandler;
  unfollow: UnfollowUserHandler;
  block: BlockUserHandler;
  unblock: UnblockUserHandler;
  createCircle: CreateCircleHandler;
  renameCircle: RenameCircleHandler;
  deleteCircle: DeleteCircleHandler;
  addToCircle: AddToCircleHandler;
  removeFromCircle: RemoveFromCircleHandler;
}

/** Per-request context: the verified viewer (service-kit), fresh DataLoaders, the use cases. */
export interface SocialContext extends BaseContext {
  commands: SocialCommands;
  queries: PrismaSocialQueries;
  /** Per request: batching and caching live only as long as one operation. */
  loaders: SocialLoaders;
}
