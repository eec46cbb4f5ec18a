import { Post, type PostSnapshot } from '../../domain/post/post.aggregate';
import type { Visibility } from '../../domain/post/visibility';
import type { Clock, CommandMeta, IdGenerator, PostRepository } from '../ports';

export interface PublishPostCommand {
  authorId: string;
  body: string;
  visibility: Visibility;
  circleIds?: readonly string[] | null;
  /** Comments off from the start (default false). */
  commentsDisabled?: boolean | null;
  correlationId: string;
}

export class PublishPostHandler {
  constructor(
    private readonly posts: PostRepository,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute(command: PublishPostCommand): Promise<PostSnapshot> {
    const post = Post.publish({
      id: this.ids.next(),
      authorId: command.authorId,
      body: command.body,
      visibility: command.visibility,
      circleIds: command.circleIds,
      commentsDisabled: command.commentsDisabled,
      at: this.clock.now(),
    });
    const meta: CommandMeta = { actorId: command.authorId, correlationId: command.correlationId };
    await this.posts.save(post, meta);
    return post.snapshot;
  }
}
