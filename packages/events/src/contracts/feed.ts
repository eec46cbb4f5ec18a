import { z } from 'zod';
import { uuid } from './id';
import { defineEvent, type EventContract } from '../envelope';
import { STREAMS } from '../streams';

export const feedItemAddedV1Schema = z.object({
  /** Whose home timeline the post entered. */
  ownerId: uuid(),
  postId: uuid(),
  authorId: uuid(),
  /** The post's publication time: its place in the timeline. */
  publishedAt: z.iso.datetime(),
  addedAt: z.iso.datetime(),
});

export const FeedItemAddedV1: EventContract<'feed.item.added.v1', z.infer<typeof feedItemAddedV1Schema>> = defineEvent({
  type: 'feed.item.added.v1',
  stream: STREAMS.FEED.name,
  description:
    "postId entered ownerId's home timeline (fan-out of a publication to a follower, or the author's own post); one event per timeline. aggregateId = ownerId. Not emitted for posts added by a rebuild or a backfill after a follow.",
  schema: feedItemAddedV1Schema,
});
