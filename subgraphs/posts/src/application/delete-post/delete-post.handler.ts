import { PostErrors } from '../../domain/post/post.errors';
import { actorFacts } from '../actor-facts';
import type { Clock, PostRepository, SocialFactsReader } from '../ports';

export interface DeletePostCommand {
  postId: string;
  actorId: string;
  correlationId: string;
}

export class DeletePostHandler {
  constructor(
    private readonly posts: PostRepository,
    private readonly social: SocialFactsReader,
    private readonly clock: Clock,
  ) {}

  async execute(command: DeletePostCommand): Promise<void> {
    const post = await this.posts.findById(command.postId);
    if (!post) throw PostErrors.notFound();
    post.delete(command.actorId, this.clock.now(), await actorFacts(post, command.actorId, this.social));
    await this.posts.save(post, { actorId: command.actorId, correlationId: command.correlationId });
  }
}
