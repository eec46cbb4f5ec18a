import {
  BlockCreatedV1,
  BlockRemovedV1,
  CircleDeletedV1,
  CircleMemberAddedV1,
  CircleMemberRemovedV1,
  FollowCreatedV1,
  FollowRemovedV1,
  type EventContract,
} from '@agora/events';
import type { EventHandler } from '@agora/messaging';
import { handleOnce } from '@agora/prisma-kit';
import type { SocialChange } from '../../domain/social/social-change';
import type { PrismaClient } from '../prisma/__generated__/client';
import { applySocialChange } from '../prisma-social-replica';

/**
 * Durable consumers (`posts--<handler-in-kebab>`) that build the local replica of social's
 * follow / block / circle facts. Each applies its change and records the event in `inbox` in one
 * transaction (`handleOnce`), so a redelivery is skipped; ordering does not matter because the
 * replica keeps the newest version per relationship.
 */
export function socialReplicaConsumers(prisma: PrismaClient): EventHandler<any, any>[] {
  const consumer = <T extends string, P>(name: string, contract: EventContract<T, P>, toChange: (payload: P) => SocialChange): EventHandler<T, P> => ({
    name,
    contract,
    async handle(event, context) {
      const change = toChange(event.payload);
      const applied = await handleOnce(prisma, context.consumer, event.id, (tx) => applySocialChange(tx, change));
      context.logger.debug({ eventId: event.id, type: event.type, applied }, applied ? 'social fact applied' : 'social fact already processed');
    },
  });

  return [
    consumer('RecordFollowOnFollowCreated', FollowCreatedV1, (p) => ({ kind: 'follow', followerId: p.followerId, followeeId: p.followeeId, version: p.version, active: true })),
    consumer('RemoveFollowOnFollowRemoved', FollowRemovedV1, (p) => ({ kind: 'follow', followerId: p.followerId, followeeId: p.followeeId, version: p.version, active: false })),
    consumer('RecordBlockOnBlockCreated', BlockCreatedV1, (p) => ({ kind: 'block', blockerId: p.blockerId, blockedId: p.blockedId, version: p.version, active: true })),
    consumer('RemoveBlockOnBlockRemoved', BlockRemovedV1, (p) => ({ kind: 'block', blockerId: p.blockerId, blockedId: p.blockedId, version: p.version, active: false })),
    consumer('AddCircleMemberOnCircleMemberAdded', CircleMemberAddedV1, (p) => ({
      kind: 'membership', circleId: p.circleId, ownerId: p.ownerId, memberId: p.memberId, version: p.version, active: true,
    })),
    consumer('RemoveCircleMemberOnCircleMemberRemoved', CircleMemberRemovedV1, (p) => ({
      kind: 'membership', circleId: p.circleId, ownerId: p.ownerId, memberId: p.memberId, version: p.version, active: false,
    })),
    consumer('DropCircleOnCircleDeleted', CircleDeletedV1, (p) => ({ kind: 'circle-deleted', circleId: p.circleId, ownerId: p.ownerId })),
  ];
}
