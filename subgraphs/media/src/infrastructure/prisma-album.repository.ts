import type { AlbumRepository } from '../application/ports';
import type { AlbumState } from '../domain/album/album';
import type { Prisma } from './prisma/__generated__/client';
import { ALBUM_COLUMNS } from './sql';

/** Albums and their entries over one transaction. */
export class PrismaAlbumRepository implements AlbumRepository {
  constructor(private readonly tx: Prisma.TransactionClient) {}

  async insert(album: AlbumState): Promise<void> {
    await this.tx.album.create({ data: { ...album } });
  }

  async findForUpdate(albumId: string): Promise<AlbumState | null> {
    const rows = await this.tx.$queryRaw<AlbumState[]>`SELECT ${ALBUM_COLUMNS} FROM album al WHERE al.id = ${albumId}::uuid FOR UPDATE`;
    return rows[0] ?? null;
  }

  async delete(albumId: string): Promise<void> {
    await this.tx.album.deleteMany({ where: { id: albumId } });
  }

  itemCount(albumId: string): Promise<number> {
    return this.tx.albumItem.count({ where: { albumId } });
  }

  async contains(albumId: string, mediaId: string): Promise<boolean> {
    return (await this.tx.albumItem.count({ where: { albumId, mediaId } })) > 0;
  }

  async append(albumId: string, mediaId: string, at: Date): Promise<void> {
    // The album row is locked by findForUpdate, so max(position) cannot change under us.
    await this.tx.$executeRaw`
      INSERT INTO album_item (album_id, media_id, position, added_at)
      SELECT ${albumId}::uuid, ${mediaId}::uuid, COALESCE(MAX(position), 0) + 1, ${at}::timestamptz
      FROM album_item WHERE album_id = ${albumId}::uuid`;
  }

  async remove(albumId: string, mediaId: string): Promise<boolean> {
    const { count } = await this.tx.albumItem.deleteMany({ where: { albumId, mediaId } });
    if (count > 0) await this.tx.album.updateMany({ where: { id: albumId, coverId: mediaId }, data: { coverId: null } });
    return count > 0;
  }
}
