import type { PostSnapshot } from '../domain/post/post.aggregate';
import type { Prisma } from './prisma/__generated__/client';

/** The columns of `post` for a snapshot (one place, so live writes and the rebuild write the same row). */
export function toPostRow(state: PostSnapshot): Prisma.PostCreateManyInput {
  return {
    id: state.id,
    authorId: state.authorId,
    body: state.body,
    visibility: state.visibility,
    circleIds: [...state.circleIds],
    commentsDisabled: state.commentsDisabled,
    attachmentIds: [...state.attachmentIds],
    version: state.version,
    createdAt: state.createdAt,
    editedAt: state.editedAt,
    deletedAt: state.deletedAt,
    removedAt: state.removedAt,
    moderatedAt: state.moderatedAt,
  };
}

/**
 * Writes a post's projected state into the read table inside the command's transaction.
 * `fromVersion` is the version the command read: the update only matches that row, as a second
 * guard behind the stream's (post_id, version) key.
 */
export async function writePostProjection(tx: Prisma.TransactionClient, state: PostSnapshot, fromVersion: number): Promise<boolean> {
  const row = toPostRow(state);
  if (fromVersion === 0) {
    await tx.post.create({ data: row });
    return true;
  }
  const { count } = await tx.post.updateMany({ where: { id: state.id, version: fromVersion }, data: row });
  return count === 1;
}
