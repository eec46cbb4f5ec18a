import type { PostSnapshot } from '../../domain/post/post.aggregate';
import { PostErrors } from '../../domain/post/post.errors';
import { NO_SOCIAL_FACTS, type Visibility } from '../../domain/post/visibility';
import type { Clock, PostRepository, SocialFactsReader } from '../ports';

export interface ChangePostVisibilityCommand {
  postId: string;
  actorId: string;
  visibility: Visibility;
  circleIds?: readonly string[] | null;
  /** The version the author based the change on; omitted = last write wins (still serialized). */
  expectedVersion?: number | null;
  correlationId: string;
}

/**
 * Author only. Returns the post as it now is; asking for the audience it already has changes
 * nothing (same version, no event).
 */
export class ChangePostVisibilityHandler {
  constructor(
    private readonly posts: PostRepository,
    private readonly social: SocialFactsReader,
    private readonly clock: Clock,
  ) {}

  async execute(command: ChangePostVisibilityCommand): Promise<PostSnapshot> {
    const post = await this.posts.findById(command.postId);
    if (!post) throw PostErrors.notFound();
    // The replica is only asked when it matters: a non-author's answer depends on it.
    const facts = post.snapshot.authorId === command.actorId ? NO_SOCIAL_FACTS : await this.social.between(command.actorId, post.snapshot.authorId);
    post.changeVisibility(
      command.actorId,
      { visibility: command.visibility, circleIds: command.circleIds },
      this.clock.now(),
      command.expectedVersion,
      facts,
    );
    await this.posts.save(post, { actorId: command.actorId, correlationId: command.correlationId });
    return post.snapshot;
  }
}
