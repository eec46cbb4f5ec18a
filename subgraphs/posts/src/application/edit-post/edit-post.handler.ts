import type { PostSnapshot } from '../../domain/post/post.aggregate';
import { PostErrors } from '../../domain/post/post.errors';
import { actorFacts } from '../actor-facts';
import type { Clock, PostRepository, SocialFactsReader } from '../ports';

export interface EditPostCommand {
  postId: string;
  editorId: string;
  body: string;
  /** The version the editor based the change on; omitted = last write wins (still serialized). */
  expectedVersion?: number | null;
  correlationId: string;
}

export class EditPostHandler {
  constructor(
    private readonly posts: PostRepository,
    private readonly social: SocialFactsReader,
    private readonly clock: Clock,
  ) {}

  async execute(command: EditPostCommand): Promise<PostSnapshot> {
    const post = await this.posts.findById(command.postId);
    if (!post) throw PostErrors.notFound();
    post.edit(command.editorId, command.body, this.clock.now(), command.expectedVersion, await actorFacts(post, command.editorId, this.social));
    await this.posts.save(post, { actorId: command.editorId, correlationId: command.correlationId });
    return post.snapshot;
  }
}
