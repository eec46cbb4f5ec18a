import { defineCommand } from '@agora/context-runtime';
import { z } from 'zod';
import { Post, type PostSnapshot } from '../../domain/post/post.aggregate';
import { VISIBILITIES } from '../../domain/post/visibility';
import { circleIdsInput } from '../inputs';
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
});

/** `createPost`: a new post by the viewer, with a new id; its stream starts with PostPublished. */
export const publishPost = defineCommand({
  name: 'createPost',
  input: publishPostInput,
  viewer: 'required',
  async handle(call, scope: TransactionScope): Promise<PostSnapshot> {
    const { input, actor, now, ids } = call;
    const post = Post.publish({
      id: ids.newId(),
      authorId: actor.id,
      body: input.body,
      visibility: input.visibility,
      circleIds: input.circleIds,
      commentsDisabled: input.commentsDisabled,
      at: now,
    });
    await recordPost(post, scope, call);
    return post.snapshot;
  },
});
