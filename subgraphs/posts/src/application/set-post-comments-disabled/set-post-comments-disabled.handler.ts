import type { PostSnapshot } from '../../domain/post/post.aggregate';
import { PostErrors } from '../../domain/post/post.errors';
import { actorFacts } from '../actor-facts';
import type { Clock, PostRepository, SocialFactsReader } from '../ports';

export interface SetPostCommentsDisabledCommand {
  postId: string;
  actorId: string;
  /** true turns comments off, false on again. */
  disabled: boolean;
  /** The version the author based the change on; omitted = last write wins (still serialized). */
  expectedVersion?: number | null;
  correlationId: string;
}

/** Author only. Returns the post as it now is; the setting it already has changes nothing (same version, no event). */
export class SetPostCommentsDisabledHandler {
  constructor(
    private readonly posts: PostRepository,
    private readonly social: SocialFactsReader,
    private readonly clock: Clock,
  ) {}

  async execute(command: SetPostCommentsDisabledCommand): Promise<PostSnapshot> {
    const post = await this.posts.findById(command.postId);
    if (!post) throw PostErrors.notFound();
    const facts = await actorFacts(post, command.actorId, this.social);
    post.setCommentsDisabled(command.actorId, command.disabled, this.clock.now(), command.expectedVersion, facts);
    await this.posts.save(post, { actorId: command.actorId, correlationId: command.correlationId });
    return post.snapshot;
  }
}
