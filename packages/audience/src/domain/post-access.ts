import type { Audience, Visibility } from './visibility';

/**
 * One change of a post's access state, as consuming contexts record it (mapped from posts'
 * events): the whole state at `version` (published = 1), or the terminal deletion.
 */
export type PostAccessChange =
  | {
      kind: 'access';
      postId: string;
      authorId: string;
      visibility: Visibility;
      circleIds: readonly string[];
      commentsDisabled: boolean;
      version: number;
      /** Only posts.post.published.v1 carries it; other states keep the recorded one. */
      publishedAt?: Date;
    }
  | { kind: 'deleted'; postId: string; authorId: string };

/** What a context knows of a post: null fields mean the post's publication has not arrived yet. */
export interface PostAccessState {
  postId: string;
  authorId: string | null;
  visibility: Visibility | null;
  circleIds: readonly string[];
  commentsDisabled: boolean;
  version: number;
  publishedAt: Date | null;
  deleted: boolean;
}

/**
 * Last writer wins per post, deletion terminal — the rule the SQL replica applies with one upsert
 * (infrastructure/replica.sql.ts). An access state older than the recorded one is ignored except
 * for `publishedAt`, which only the publication carries and which never changes. `deleted` is
 * sticky but does not stop newer access states from being recorded, so the row is the same
 * whatever order the events arrived in (rebuilds compare hashes). Returns the new state.
 */
export function nextPostAccess(current: PostAccessState | undefined, change: PostAccessChange): PostAccessState {
  const base: PostAccessState = current ?? {
    postId: change.postId,
    authorId: null,
    visibility: null,
    circleIds: [],
    commentsDisabled: false,
    version: 0,
    publishedAt: null,
    deleted: false,
  };
  if (change.kind === 'deleted') return { ...base, authorId: base.authorId ?? change.authorId, deleted: true };
  const publishedAt = base.publishedAt ?? change.publishedAt ?? null;
  if (base.version >= change.version) return { ...base, publishedAt };
  return {
    ...base,
    authorId: change.authorId,
    visibility: change.visibility,
    circleIds: [...change.circleIds],
    commentsDisabled: change.commentsDisabled,
    version: change.version,
    publishedAt,
  };
}

/** The post as the visibility rule needs it, or null while it is unknown, unpublished or deleted. */
export function audienceOf(state: PostAccessState | undefined): Audience | null {
  if (!state || state.deleted || state.publishedAt === null || state.authorId === null || state.visibility === null) return null;
  return { authorId: state.authorId, visibility: state.visibility, circleIds: state.circleIds };
}
