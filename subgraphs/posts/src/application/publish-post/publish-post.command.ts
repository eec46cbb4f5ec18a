import { defineCommand } from '@agora/context-runtime';
import { z } from 'zod';
import { parseAttachmentIds } from '../../domain/post/attachments';
import { Post, type PostSnapshot } from '../../domain/post/post.aggregate';
import { VISIBILITIES } from '../../domain/post/visibility';
import { attachmentIdsInput, circleIdsInput } from '../inputs';
import type { TransactionScope } from '../ports';
import { recordPost } from '../post-changes';

/** GraphQL's defaults (PUBLIC, comments on) also for an explicit null. */
const publishPostInput = z.object({
  body: z.string(),
  visibility: z
    .enum(VISIBILITIES)
    .nullish()
    .transform((visibility) => visibility ?? 'PUBLIC'),
  circleIds: circleIdsInput,
  commentsDisabled: z
    .boolean()
    .nullish()
    .transform((disabled) => disabled ?? false),
  attachmentIds: attachmentIdsInput,
});

/**
 * `createPost`: a new post by the viewer, with a new id; its stream starts with PostPublished.
 * Attachments are checked against the replica of media's facts (in this transaction): the
 * replica is asked only for a list that passed the domain's count and repeat rules.
 */
export const publishPost = defineCommand({
  name: 'createPost',
  input: publishPostInput,
  viewer: 'required',
  async handle(call, scope: TransactionScope): Promise<PostSnapshot> {
    const { input, actor, now, ids } = call;
    const attachmentIds = parseAttachmentIds(input.attachmentIds);
    const attachable = attachmentIds.length === 0 ? new Set<string>() : await scope.media.attachableBy(actor.id, attachmentIds);
    const post = Post.publish({
      id: ids.newId(),
      authorId: actor.id,
      body: input.body,
      visibility: input.visibility,
      circleIds: input.circleIds,
      commentsDisabled: input.commentsDisabled,
      attachmentIds,
      attachable,
      at: now,
    });
    await recordPost(post, scope, call);
    return post.snapshot;
  },
});
