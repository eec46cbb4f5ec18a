import type { PostSnapshot } from '../../domain/post/post.aggregate';
import { PostErrors } from '../../domain/post/post.errors';
import type { Visibility } from '../../domain/post/visibility';
import { actorFacts } from '../actor-facts';
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
    const facts = await actorFacts(post, command.actorId, this.social);
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
