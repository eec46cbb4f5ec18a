import { applyPostAccessChange } from '@agora/audience';
import type { AttachmentRepository, PostFacts, PostModeration, PostModerations, ProfileImageRepository } from '../application/ports';
import type { ProfileSlot } from '../domain/media-item/media-item';
import type { Prisma } from './prisma/__generated__/client';

/** Avatar and banner slots. */
export class PrismaProfileImages implements ProfileImageRepository {
  constructor(private readonly tx: Prisma.TransactionClient) {}

  async set(userId: string, slot: ProfileSlot, mediaId: string, at: Date): Promise<void> {
    await this.tx.profileImage.upsert({
      where: { userId_slot: { userId, slot } },
      create: { userId, slot, mediaId, setAt: at },
      update: { mediaId, setAt: at },
    });
  }

  async slotsShowing(mediaId: string): Promise<{ userId: string; slot: ProfileSlot }[]> {
    const rows = await this.tx.profileImage.findMany({
      where: { mediaId },
      select: { userId: true, slot: true },
      orderBy: { slot: 'asc' },
    });
    return rows.map((row) => ({ userId: row.userId, slot: row.slot as ProfileSlot }));
  }
}

/** Posts' attachments, as posts.post.published.v1 announced them. */
export class PrismaAttachments implements AttachmentRepository {
  constructor(private readonly tx: Prisma.TransactionClient) {}

  async attach(postId: string, authorId: string, mediaIds: readonly string[]): Promise<void> {
    if (mediaIds.length === 0) return;
    await this.tx.postAttachment.createMany({
      data: mediaIds.map((mediaId, position) => ({ postId, mediaId, position, authorId })),
      skipDuplicates: true,
    });
  }

  async detachPost(postId: string): Promise<string[]> {
    const rows = await this.tx.$queryRaw<{ mediaId: string }[]>`
      DELETE FROM post_attachment WHERE post_id = ${postId}::uuid RETURNING media_id::text AS "mediaId"`;
    return rows.map((row) => row.mediaId);
  }
}

/** The audience replica's post rows, written here in the consumer's transaction (see PostFacts). */
export class PrismaPostFacts implements PostFacts {
  constructor(private readonly tx: Prisma.TransactionClient) {}

  async recordPublication(post: Parameters<PostFacts['recordPublication']>[0]): Promise<{ deleted: boolean }> {
    await applyPostAccessChange(this.tx, {
      kind: 'access',
      postId: post.postId,
      authorId: post.authorId,
      visibility: post.visibility as 'PUBLIC' | 'FOLLOWERS' | 'CIRCLE',
      circleIds: post.circleIds,
      commentsDisabled: post.commentsDisabled,
      version: 1,
      publishedAt: post.publishedAt,
    });
    const row = await this.tx.postAccess.findUnique({ where: { postId: post.postId }, select: { deleted: true } });
    return { deleted: row?.deleted ?? false };
  }

  async recordDeletion(postId: string, authorId: string): Promise<void> {
    await applyPostAccessChange(this.tx, { kind: 'deleted', postId, authorId });
  }
}

/** `moderated_post`: one upsert, the newest decision wins (at equal times a removal: false < true). */
export class PrismaPostModerations implements PostModerations {
  constructor(private readonly tx: Prisma.TransactionClient) {}

  async record({ postId, removed, decidedAt }: PostModeration): Promise<void> {
    await this.tx.$executeRaw`
      INSERT INTO moderated_post (post_id, removed, decided_at) VALUES (${postId}::uuid, ${removed}, ${decidedAt}::timestamptz)
      ON CONFLICT (post_id) DO UPDATE SET removed = EXCLUDED.removed, decided_at = EXCLUDED.decided_at
      WHERE (moderated_post.decided_at, moderated_post.removed) < (EXCLUDED.decided_at, EXCLUDED.removed)`;
  }
}
