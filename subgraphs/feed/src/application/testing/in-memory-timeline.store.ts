import { nextPostAccess, nextRelationshipState, type PostAccessChange, type PostAccessState, type SocialChange } from '@agora/audience';
import {
  belongsInTimeline,
  compareRows,
  type BackfillWindow,
  type FollowFact,
  type TimelineRow,
} from '../../domain/timeline/timeline-rule';
import { nextModeration, type PostModeration } from '../../domain/timeline/moderation';
import type { TimelineStore } from '../timeline-store';

/**
 * The store in memory, written the way the SQL store works (incremental inserts and deletes
 * driven by the replica), so unit tests can check the projection against the global rule. `calls`
 * records the order of operations (locks first).
 */
export class InMemoryTimelineStore implements TimelineStore {
  readonly calls: string[] = [];
  private readonly follows = new Map<string, FollowFact & { version: number }>();
  private readonly posts = new Map<string, PostAccessState>();
  private readonly timeline = new Map<string, TimelineRow>();
  /** `moderated_post`: the decision kept per post. */
  readonly moderation = new Map<string, PostModeration>();

  constructor(private readonly window: BackfillWindow) {}

  async lockAuthor(authorId: string): Promise<void> {
    this.calls.push(`lock ${authorId}`);
  }

  async recordSocialChange(change: SocialChange): Promise<void> {
    this.calls.push(`record ${change.kind}`);
    if (change.kind !== 'follow') return;
    const key = `${change.followerId}|${change.followeeId}`;
    const next = nextRelationshipState(this.follows.get(key), change);
    if (next) this.follows.set(key, { ...next, since: change.at ?? null });
  }

  async recordPostAccess(change: PostAccessChange): Promise<void> {
    this.calls.push(`record ${change.kind}`);
    this.posts.set(change.postId, nextPostAccess(this.posts.get(change.postId), change));
  }

  async syncFollow(followerId: string, followeeId: string): Promise<void> {
    this.calls.push('sync follow');
    if (followerId === followeeId) return;
    const follow = this.follows.get(`${followerId}|${followeeId}`);
    for (const post of this.posts.values()) {
      if (post.authorId !== followeeId) continue;
      if (belongsInTimeline(followerId, post, follow, this.window)) this.insert(followerId, post);
      else this.timeline.delete(`${followerId}|${post.postId}`);
    }
  }

  async fanOutPost(postId: string): Promise<TimelineRow[]> {
    this.calls.push('fan out');
    const post = this.posts.get(postId);
    if (!post?.authorId) return [];
    const owners = [
      post.authorId,
      ...[...this.follows.keys()].filter((key) => key.endsWith(`|${post.authorId}`)).map((key) => key.split('|')[0]!),
    ];
    const inserted: TimelineRow[] = [];
    for (const owner of owners) {
      if (!belongsInTimeline(owner, post, this.follows.get(`${owner}|${post.authorId}`), this.window)) continue;
      const row = this.insert(owner, post);
      if (row) inserted.push(row);
    }
    return inserted;
  }

  async removePost(postId: string): Promise<void> {
    this.calls.push('remove post');
    for (const [key, row] of this.timeline) if (row.postId === postId) this.timeline.delete(key);
  }

  async recordModeration(decision: PostModeration): Promise<void> {
    this.calls.push(`record ${decision.removed ? 'removal' : 'restoration'}`);
    this.moderation.set(decision.postId, nextModeration(this.moderation.get(decision.postId), decision));
  }

  /** One owner's feed as the page query reads it: newest first, removed posts left out (visibility is not modelled here). */
  feed(ownerId: string): string[] {
    return this.rows()
      .filter((row) => row.ownerId === ownerId && !this.moderation.get(row.postId)?.removed)
      .map((row) => row.postId);
  }

  rows(): TimelineRow[] {
    return [...this.timeline.values()].sort(compareRows);
  }

  /** Insert if absent (ON CONFLICT DO NOTHING): the row when it is new, otherwise undefined. */
  private insert(ownerId: string, post: PostAccessState): TimelineRow | undefined {
    const key = `${ownerId}|${post.postId}`;
    if (this.timeline.has(key)) return undefined;
    const row = { ownerId, postId: post.postId, authorId: post.authorId!, publishedAt: post.publishedAt! };
    this.timeline.set(key, row);
    return row;
  }
}
