import { defineCommand, type CommandCall } from '@agora/context-runtime';
import type { z } from 'zod';
import type { Post, PostSnapshot } from '../domain/post/post.aggregate';
import { PostErrors } from '../domain/post/post.errors';
import type { SocialFacts } from '../domain/post/visibility';
import { actorFacts } from './actor-facts';
import type { RecordedPostEvent, TransactionScope } from './ports';

/**
 * Appends what `post` recorded to its stream and, under the same event ids, to the outbox: one
 * transaction, so what was appended is what gets published. Nothing when it recorded nothing.
 */
export async function recordPost(post: Post, scope: TransactionScope, call: Pick<CommandCall<unknown>, 'ids' | 'metadata'>): Promise<void> {
  if (post.events.length === 0) return;
  const events: RecordedPostEvent[] = post.events.map((event) => ({ eventId: call.ids.newId(), event }));
  await scope.posts.append(post, events);
  await scope.outbox.append(events, call.metadata);
}

/**
 * The shape of every command on an existing post: replay it (NOT_FOUND when missing or deleted),
 * learn what the replica says of the actor and the author when they differ, let the aggregate
 * apply the change (it checks who may, the version, the input), record the events. Returns the
 * post as it now is.
 */
export async function changePost(
  call: CommandCall<{ id: string }>,
  scope: TransactionScope,
  change: (post: Post, facts: SocialFacts) => void,
): Promise<PostSnapshot> {
  const post = await scope.posts.load(call.input.id);
  if (!post) throw PostErrors.notFound();
  change(post, await actorFacts(post, call.actor.id, scope.social));
  await recordPost(post, scope, call);
  return post.snapshot;
}

/**
 * A command that changes an existing post and answers it as it now is (edit, audience, comment
 * setting): `{ id, … }` in, the viewer required, `change` applied through `changePost`.
 */
export function postChange<Schema extends z.ZodType<{ id: string }>>(options: {
  name: string;
  input: Schema;
  change(post: Post, call: CommandCall<z.output<Schema>>, facts: SocialFacts): void;
}) {
  return defineCommand({
    name: options.name,
    input: options.input,
    viewer: 'required',
    handle: (call, scope: TransactionScope): Promise<PostSnapshot> =>
      changePost(call, scope, (post, facts) => options.change(post, call, facts)),
  });
}
