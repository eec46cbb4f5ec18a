import { z } from 'zod';
import { uuid } from './id';
import { defineEvent, type EventContract } from '../envelope';
import { STREAMS } from '../streams';

/*
 * Social's relationships: follows, blocks and circles (named audiences) with their members.
 *
 * Out-of-order safety. Every relationship — a follower→followee pair, a blocker→blocked pair, a
 * circle's membership of one user, and a circle itself — keeps one row in social's database for
 * ever, whose `version` grows by one with every change (it is not reset by a removal). Each event
 * carries that `version` (also the envelope's `aggregateVersion`). A consumer keeps the highest
 * version it applied per relationship and ignores an event with a lower or equal one, so a late
 * "removed" can never resurrect or hide a newer "created" (last writer wins per pair).
 *
 * The envelope's `aggregateId` is the follower (follows), the blocker (blocks) or the circle
 * (circle and membership events); it is NOT a version sequence by itself: versions count per
 * relationship, so always key them by the pair (or the circle and member).
 */

const version = z.number().int().positive();

export const followV1Schema = z.object({
  followerId: uuid(),
  followeeId: uuid(),
  /** Version of the follower→followee relationship after this change. */
  version,
  at: z.iso.datetime(),
});
export const blockV1Schema = z.object({
  blockerId: uuid(),
  blockedId: uuid(),
  /** Version of the blocker→blocked relationship after this change. */
  version,
  at: z.iso.datetime(),
});
export const circleNamedV1Schema = z.object({
  circleId: uuid(),
  ownerId: uuid(),
  /** 1–50 characters (code points), trimmed; unique per owner ignoring case. */
  name: z.string().min(1),
  /** Version of the circle after this change. */
  version,
  at: z.iso.datetime(),
});
export const circleDeletedV1Schema = z.object({
  circleId: uuid(),
  ownerId: uuid(),
  version,
  at: z.iso.datetime(),
});
export const circleMemberV1Schema = z.object({
  circleId: uuid(),
  ownerId: uuid(),
  memberId: uuid(),
  /** Version of this user's membership of this circle after this change. */
  version,
  at: z.iso.datetime(),
});

type Payload<S extends z.ZodType> = z.infer<S>;

export const FollowCreatedV1: EventContract<'social.follow.created.v1', Payload<typeof followV1Schema>> = defineEvent({
  type: 'social.follow.created.v1',
  stream: STREAMS.SOCIAL.name,
  description:
    "followerId started following followeeId. aggregateId = followerId; version = the pair's version (apply per (followerId, followeeId) only when newer than the last one seen).",
  schema: followV1Schema,
});

export const FollowRemovedV1: EventContract<'social.follow.removed.v1', Payload<typeof followV1Schema>> = defineEvent({
  type: 'social.follow.removed.v1',
  stream: STREAMS.SOCIAL.name,
  description:
    "followerId no longer follows followeeId (unfollowed, or a block between them). aggregateId = followerId; version = the pair's version, last writer wins per pair.",
  schema: followV1Schema,
});

export const BlockCreatedV1: EventContract<'social.block.created.v1', Payload<typeof blockV1Schema>> = defineEvent({
  type: 'social.block.created.v1',
  stream: STREAMS.SOCIAL.name,
  description:
    "blockerId blocked blockedId: each side must stop seeing and reaching the other. Follows both ways and circle memberships between them are removed with their own events. aggregateId = blockerId; version = the pair's version.",
  schema: blockV1Schema,
});

export const BlockRemovedV1: EventContract<'social.block.removed.v1', Payload<typeof blockV1Schema>> = defineEvent({
  type: 'social.block.removed.v1',
  stream: STREAMS.SOCIAL.name,
  description:
    "blockerId unblocked blockedId (removed follows are not restored). aggregateId = blockerId; version = the pair's version, last writer wins per pair.",
  schema: blockV1Schema,
});

export const CircleCreatedV1: EventContract<'social.circle.created.v1', Payload<typeof circleNamedV1Schema>> = defineEvent({
  type: 'social.circle.created.v1',
  stream: STREAMS.SOCIAL.name,
  description:
    "ownerId created an empty circle (a named audience only the owner sees). aggregateId = circleId; version = the circle's version (1).",
  schema: circleNamedV1Schema,
});

export const CircleRenamedV1: EventContract<'social.circle.renamed.v1', Payload<typeof circleNamedV1Schema>> = defineEvent({
  type: 'social.circle.renamed.v1',
  stream: STREAMS.SOCIAL.name,
  description: "A circle got a new name. aggregateId = circleId; version = the circle's version, last writer wins per circle.",
  schema: circleNamedV1Schema,
});

export const CircleDeletedV1: EventContract<'social.circle.deleted.v1', Payload<typeof circleDeletedV1Schema>> = defineEvent({
  type: 'social.circle.deleted.v1',
  stream: STREAMS.SOCIAL.name,
  description:
    'A circle was deleted with all its memberships (no member-removed events follow). Terminal: circle ids are never reused, so consumers drop the circle and ignore any later-arriving event of it. aggregateId = circleId.',
  schema: circleDeletedV1Schema,
});

export const CircleMemberAddedV1: EventContract<'social.circle.member-added.v1', Payload<typeof circleMemberV1Schema>> = defineEvent({
  type: 'social.circle.member-added.v1',
  stream: STREAMS.SOCIAL.name,
  description:
    "memberId was added to ownerId's circle. aggregateId = circleId; version = this membership's version, last writer wins per (circleId, memberId).",
  schema: circleMemberV1Schema,
});

export const CircleMemberRemovedV1: EventContract<'social.circle.member-removed.v1', Payload<typeof circleMemberV1Schema>> = defineEvent({
  type: 'social.circle.member-removed.v1',
  stream: STREAMS.SOCIAL.name,
  description:
    "memberId left ownerId's circle (removed by the owner, or by a block between them). aggregateId = circleId; version = this membership's version, last writer wins per (circleId, memberId).",
  schema: circleMemberV1Schema,
});
