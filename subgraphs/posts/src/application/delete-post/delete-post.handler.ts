import { PostErrors } from '../../domain/post/post.errors';
import type { Clock, PostRepository } from '../ports';

export interface DeletePostCommand {
  postId: string;
  actorId: string;
  correlationId: string;
}

export class DeletePostHandler {
  constructor(
    private readonly posts: PostRepository,
    private readonly clock: Clock,
  ) {}

  async execute(command: DeletePostCommand): Promise<void> {
    const post = await this.posts.findById(command.postId);
    if (!post) throw PostErrors.notFound();
    post.delete(command.actorId, this.clock.now());
    await this.posts.save(post, { actorId: command.actorId, correlationId: command.correlationId });
  }
}
