/**
 * Media's graph and consumers on real PGlite and NATS: uploads through the signed route, who sees
 * what (owner, post audiences from the replica, albums, avatars, blocks), the attachment
 * consumers, deletion with its events and file removal after the commit.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishEnvelope } from '@agora/testing';
import { block, contentRemoved, contentRestored, follow, postDeleted, postPublishedWith } from './support/events';
import { htmlAsPng, png } from './support/images';
import { aUser, CREATE_UPLOAD, type Harness } from './support/media-harness';
import {
  ADD_TO_ALBUM,
  ALBUM,
  CREATE_ALBUM,
  DELETE_ALBUM,
  DELETE_MEDIA,
  MEDIA_ITEM,
  POST_ATTACHMENTS,
  postRefs,
  REMOVE_FROM_ALBUM,
  SET_AVATAR,
  SET_BANNER,
  SET_CAPTION,
  USER_MEDIA,
  userRefs,
} from './support/operations';

const alice = aUser('alice');
const follower = aUser('follower');
const stranger = aUser('stranger');

/** The suite, on one backend: `start` gives a running harness (its `close` stops it and its NATS / database). */
export function describeMediaApi(label: string, start: () => Promise<Harness & { close(): Promise<void> }>): void {
  describe(`media API (${label})`, () => {
    let h: Harness & { close(): Promise<void> };

    beforeAll(async () => {
      h = await start();
      await h.deliver(follow(follower.userId, alice.userId));
    }, 120_000);

    afterAll(async () => {
      await h?.close();
    });

    const item = async (id: string, viewer: typeof alice | null) => (await h.request(MEDIA_ITEM, { id }, viewer)).data.mediaItem;
    const attachments = async (postId: string, viewer: typeof alice | null) =>
      (await h.request(POST_ATTACHMENTS, { representations: postRefs([postId]) }, viewer)).data._entities[0].attachments;
    const ok = async <D = any>(query: string, variables: Record<string, unknown>, viewer: typeof alice) => {
      const res = await h.request<D>(query, variables, viewer);
      expect(res.errors).toBeUndefined();
      return res.data as D;
    };

    describe('uploads', () => {
      it('goes PENDING → READY through the signed PUT, published as media.item.ready.v1, and only the owner sees it unused', async () => {
        const res = await h.request(
          CREATE_UPLOAD,
          { input: { kind: 'IMAGE', contentType: 'image/png', byteSize: 5, filename: '../x/cat.png' } },
          alice,
        );
        const ticket = res.data.createUpload;
        expect(ticket).toMatchObject({ item: { status: 'PENDING', kind: 'IMAGE' }, method: 'PUT' });
        expect(new URL(ticket.uploadUrl).origin).toBe('http://media.test');
        expect(await item(ticket.item.id, alice)).toMatchObject({ status: 'PENDING', url: null, filename: 'cat.png' });

        const id = await h.upload(alice);

        expect(await item(id, alice)).toMatchObject({
          id,
          status: 'READY',
          contentType: 'image/png',
          width: 10,
          height: 20,
          owner: { id: alice.userId },
          url: expect.stringMatching(new RegExp(`^http://media\\.test/media/files/${id}/original\\?expires=\\d+&sig=`)),
          thumbnailUrl: expect.stringMatching(new RegExp(`/media/files/${id}/thumbnail\\?`)),
        });
        expect(await item(id, stranger)).toBeNull();
        expect(await item(id, null)).toBeNull();
        expect(h.storage.keysOf(id)).toEqual([`${id}/original`, `${id}/thumbnail`]);
        expect((await h.mediaEvents()).filter((e) => e.type === 'media.item.ready.v1' && e.payload.mediaId === id)).toEqual([
          expect.objectContaining({
            actorId: alice.userId,
            payload: expect.objectContaining({ ownerId: alice.userId, kind: 'IMAGE', width: 10 }),
          }),
        ]);
      });

      it('records a refused upload as FAILED with its reason (owner only), without URLs, and publishes media.item.failed.v1', async () => {
        const id = await h.upload(alice, { bytes: htmlAsPng() });

        expect(await item(id, alice)).toMatchObject({
          status: 'FAILED',
          failureReason: 'MEDIA.UNSUPPORTED_TYPE',
          url: null,
          thumbnailUrl: null,
        });
        expect(h.storage.keysOf(id)).toEqual([]);
        expect((await h.mediaEvents()).find((e) => e.type === 'media.item.failed.v1' && e.payload.mediaId === id)?.payload.reason).toBe(
          'MEDIA.UNSUPPORTED_TYPE',
        );
      });

      it('lets exactly one of two concurrent PUTs of a ticket through; the other is ALREADY_UPLOADED', async () => {
        const bytes = await png({ width: 12, height: 12 });
        const ticket = (await ok(CREATE_UPLOAD, { input: { kind: 'IMAGE', contentType: 'image/png', byteSize: bytes.length } }, alice))
          .createUpload;

        const answers = await Promise.all([h.put(ticket, bytes), h.put(ticket, bytes)]);

        expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
        expect(answers.find((a) => a.status === 409)?.json.error).toMatchObject({ reason: 'MEDIA.ALREADY_UPLOADED' });
        expect(await item(ticket.item.id, alice)).toMatchObject({ status: 'READY' });
      });

      it('refuses what createUpload must not accept with typed errors', async () => {
        const tooBig = await h.request(
          CREATE_UPLOAD,
          { input: { kind: 'IMAGE', contentType: 'image/jpeg', byteSize: 20 * 1024 * 1024 } },
          alice,
        );
        expect(tooBig.errors?.map((e) => e.extensions)).toEqual([{ code: 'BAD_USER_INPUT', reason: 'MEDIA.TOO_LARGE', field: 'byteSize' }]);
        const anonymous = await h.request(CREATE_UPLOAD, { input: { kind: 'IMAGE', contentType: 'image/png', byteSize: 1 } });
        expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      });

      it('sets and clears captions for the owner only', async () => {
        const id = await h.upload(alice);
        expect((await ok(SET_CAPTION, { input: { id, caption: ' hello ' } }, alice)).setMediaCaption).toEqual({ id, caption: 'hello' });
        const foreign = await h.request(SET_CAPTION, { input: { id, caption: 'mine' } }, stranger);
        expect(foreign.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'MEDIA.NOT_OWNER' });
        expect((await ok(SET_CAPTION, { input: { id, caption: null } }, alice)).setMediaCaption.caption).toBeNull();
      });
    });

    describe('post attachments', () => {
      it("shows a FOLLOWERS post's READY attachments in the author's order to followers only, and hides them on a block", async () => {
        const [photo, video] = [await h.upload(alice), await h.upload(alice, { kind: 'VIDEO' })];
        const foreign = await h.upload(stranger);
        const postId = randomUUID();
        await h.deliver(
          postPublishedWith({ postId, authorId: alice.userId, visibility: 'FOLLOWERS', attachmentIds: [video, foreign, photo] }),
        );

        const seen = await attachments(postId, follower);
        expect(seen.map((a: any) => a.id)).toEqual([video, photo]);
        expect(seen[0]).toMatchObject({
          kind: 'VIDEO',
          thumbnailUrl: null,
          url: expect.stringContaining(`/media/files/${video}/original?`),
        });
        expect(await item(photo, follower)).toMatchObject({ id: photo, url: expect.any(String), filename: null });
        expect(await attachments(postId, stranger)).toEqual([]);
        expect(await attachments(postId, null)).toEqual([]);
        expect(await item(photo, stranger)).toBeNull();
        expect((await attachments(postId, alice)).map((a: any) => a.id)).toEqual([video, photo]);

        await h.deliver(block(alice.userId, follower.userId));
        expect(await attachments(postId, follower)).toEqual([]);
        expect(await item(photo, follower)).toBeNull();
        await h.deliver(block(alice.userId, follower.userId, 2, false));
        expect(await attachments(postId, follower)).toHaveLength(2);
      });

      it('shows a PUBLIC post’s attachments to anyone', async () => {
        const photo = await h.upload(alice);
        const postId = randomUUID();
        await h.deliver(postPublishedWith({ postId, authorId: alice.userId, attachmentIds: [photo] }));
        expect((await attachments(postId, null)).map((a: any) => a.id)).toEqual([photo]);
        expect(await item(photo, stranger)).toMatchObject({ id: photo, url: expect.any(String) });
      });

      it('on the post’s deletion deletes the items used only there (with media.item.deleted.v1, files removed) and keeps the others', async () => {
        const [onlyHere, inAlbum] = [await h.upload(alice), await h.upload(alice)];
        const album = (await ok(CREATE_ALBUM, { input: { title: 'Keep' } }, alice)).createAlbum;
        await ok(ADD_TO_ALBUM, { input: { albumId: album.id, mediaId: inAlbum } }, alice);
        const postId = randomUUID();
        await h.deliver(postPublishedWith({ postId, authorId: alice.userId, attachmentIds: [onlyHere, inAlbum] }));
        expect(await attachments(postId, stranger)).toHaveLength(2);

        await h.deliver(postDeleted({ postId, authorId: alice.userId }));

        expect(await attachments(postId, alice)).toEqual([]);
        expect(await item(onlyHere, alice)).toBeNull();
        expect(h.storage.keysOf(onlyHere)).toEqual([]);
        expect(await item(inAlbum, alice)).toMatchObject({ status: 'READY' });
        expect(h.storage.keysOf(inAlbum)).toHaveLength(2);
        const deleted = (await h.mediaEvents()).filter((e) => e.type === 'media.item.deleted.v1').map((e) => e.payload.mediaId);
        expect(deleted).toContain(onlyHere);
        expect(deleted).not.toContain(inAlbum);
      });
    });

    describe('removal by moderation', () => {
      const moderator = { ...aUser('moderator'), role: 'MODERATOR' as const };
      it("hides a removed post's attachments (and their items, url and all) from all but the author and moderators; restore shows them again", async () => {
        const [photo, video] = [await h.upload(alice), await h.upload(alice, { kind: 'VIDEO' })];
        const postId = randomUUID();
        const other = randomUUID();
        const otherPhoto = await h.upload(alice);
        await h.deliver(
          postPublishedWith({ postId, authorId: alice.userId, attachmentIds: [video, photo] }),
          postPublishedWith({ postId: other, authorId: alice.userId, attachmentIds: [otherPhoto] }),
        );
        const removedAt = new Date();
        const removal = contentRemoved(postId, alice.userId, removedAt);
        await h.deliver(removal);

        for (const reader of [stranger, follower, null]) {
          expect(await attachments(postId, reader)).toEqual([]);
          expect(await item(photo, reader)).toBeNull();
          expect((await attachments(other, reader)).map((a: any) => a.id)).toEqual([otherPhoto]);
        }
        for (const reader of [alice, moderator]) {
          const seen = await attachments(postId, reader);
          expect(seen.map((a: any) => a.id)).toEqual([video, photo]);
          expect(seen[1]).toMatchObject({ url: expect.stringContaining(`/media/files/${photo}/original?`) });
        }
        expect(await item(photo, moderator)).toMatchObject({ id: photo, url: expect.any(String) });

        // The same event again under another message id: applied once (the inbox), nothing changes.
        const inbox = await h.app.prisma.inboxEvent.count();
        await publishEnvelope(h.js, removal, randomUUID());
        const marker = contentRemoved(randomUUID(), alice.userId);
        await h.deliver(marker);
        expect(await h.app.prisma.inboxEvent.count()).toBe(inbox + 1);

        await h.deliver(contentRestored(postId, alice.userId, new Date(removedAt.getTime() + 1000)));
        expect((await attachments(postId, stranger)).map((a: any) => a.id)).toEqual([video, photo]);
        expect(await item(photo, null)).toMatchObject({ id: photo });

        // Removed again by a new decision; a late, older restoration does not undo it.
        await h.deliver(contentRemoved(postId, alice.userId, new Date(removedAt.getTime() + 3000)));
        await h.deliver(contentRestored(postId, alice.userId, new Date(removedAt.getTime() + 2000)));
        expect(await attachments(postId, stranger)).toEqual([]);
        expect(await h.app.prisma.moderatedPost.findUnique({ where: { postId } })).toMatchObject({ removed: true });
      });

      it('moderators see the attachments of a post whatever its audience', async () => {
        const photo = await h.upload(alice);
        const postId = randomUUID();
        await h.deliver(postPublishedWith({ postId, authorId: alice.userId, visibility: 'FOLLOWERS', attachmentIds: [photo] }));
        expect(await attachments(postId, stranger)).toEqual([]);
        expect((await attachments(postId, moderator)).map((a: any) => a.id)).toEqual([photo]);
        expect(await item(photo, moderator)).toMatchObject({ id: photo });
      });
    });

    describe('albums', () => {
      it('pages items in the order added with the first as cover, and shows albums by visibility', async () => {
        const items = [await h.upload(alice), await h.upload(alice), await h.upload(alice)];
        const publicAlbum = (await ok(CREATE_ALBUM, { input: { title: ' Trip ' } }, alice)).createAlbum;
        expect(publicAlbum).toMatchObject({ title: 'Trip', visibility: 'PUBLIC', cover: null });
        for (const mediaId of items) await ok(ADD_TO_ALBUM, { input: { albumId: publicAlbum.id, mediaId } }, alice);
        const privateAlbum = (await ok(CREATE_ALBUM, { input: { title: 'Family', visibility: 'FOLLOWERS' } }, alice)).createAlbum;
        await ok(ADD_TO_ALBUM, { input: { albumId: privateAlbum.id, mediaId: items[2] } }, alice);

        const first = (await h.request(ALBUM, { id: publicAlbum.id, first: 2 }, null)).data.album;
        expect(first).toMatchObject({ owner: { id: alice.userId }, cover: { id: items[0] }, items: { pageInfo: { hasNextPage: true } } });
        expect(first.items.edges.map((e: any) => e.node.id)).toEqual(items.slice(0, 2));
        const rest = (await h.request(ALBUM, { id: publicAlbum.id, first: 2, after: first.items.pageInfo.endCursor }, null)).data.album;
        expect(rest.items.edges.map((e: any) => e.node.id)).toEqual([items[2]]);
        // An item of a PUBLIC album is visible to anyone; only through the album.
        expect(await item(items[0]!, null)).toMatchObject({ id: items[0] });

        expect((await h.request(ALBUM, { id: privateAlbum.id }, stranger)).data.album).toBeNull();
        expect((await h.request(ALBUM, { id: privateAlbum.id }, follower)).data.album).toMatchObject({ title: 'Family' });
        const listed = async (viewer: typeof alice | null) =>
          (
            await h.request(USER_MEDIA, { representations: userRefs([alice.userId]), first: 50 }, viewer)
          ).data._entities[0].albums.edges.map((e: any) => e.node.id);
        expect(await listed(follower)).toEqual(expect.arrayContaining([privateAlbum.id, publicAlbum.id]));
        expect((await listed(follower)).indexOf(privateAlbum.id)).toBeLessThan((await listed(follower)).indexOf(publicAlbum.id));
        expect(await listed(stranger)).toContain(publicAlbum.id);
        expect(await listed(stranger)).not.toContain(privateAlbum.id);

        const removed = (await ok(REMOVE_FROM_ALBUM, { input: { albumId: publicAlbum.id, mediaId: items[0] } }, alice)).removeFromAlbum;
        expect(removed.cover).toEqual({ id: items[1] });
        const duplicate = await h.request(ADD_TO_ALBUM, { input: { albumId: publicAlbum.id, mediaId: items[1] } }, alice);
        expect(duplicate.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'MEDIA.ALREADY_IN_ALBUM' });
        expect((await ok(DELETE_ALBUM, { input: { albumId: publicAlbum.id } }, alice)).deleteAlbum).toBe(true);
        expect((await h.request(ALBUM, { id: publicAlbum.id }, alice)).data.album).toBeNull();
        expect(await item(items[1]!, alice)).toMatchObject({ status: 'READY' });
      });
    });

    describe('avatars and deletion', () => {
      it('shows an avatar to everyone; deleting it clears the slot (media.profile-image.changed.v1 with null) and removes its files', async () => {
        const avatar = await h.upload(alice);
        const banner = await h.upload(alice);
        const set = (await ok(SET_AVATAR, { input: { id: avatar } }, alice)).setAvatar;
        expect(set).toEqual({ id: alice.userId, avatar: { id: avatar, url: expect.any(String) } });
        await ok(SET_BANNER, { input: { id: banner } }, alice);
        const profile = async (viewer: typeof alice | null) =>
          (await h.request(USER_MEDIA, { representations: userRefs([alice.userId]) }, viewer)).data._entities[0];
        expect(await profile(null)).toMatchObject({ avatar: { id: avatar }, banner: { id: banner } });
        expect(await item(avatar, stranger)).toMatchObject({ id: avatar });

        expect((await ok(DELETE_MEDIA, { input: { id: avatar } }, alice)).deleteMedia).toBe(true);

        expect(await profile(null)).toMatchObject({ avatar: null, banner: { id: banner } });
        expect(h.storage.keysOf(avatar)).toEqual([]);
        expect(h.storage.deleted).toEqual(expect.arrayContaining([`${avatar}/raw`, `${avatar}/original`, `${avatar}/thumbnail`]));
        const events = (await h.mediaEvents()).filter((e) => e.payload.mediaId === avatar || e.payload.userId === alice.userId);
        expect(events.map((e) => [e.type, e.payload.slot ?? null, e.payload.mediaId])).toEqual(
          expect.arrayContaining([
            ['media.profile-image.changed.v1', 'AVATAR', avatar],
            ['media.profile-image.changed.v1', 'AVATAR', null],
            ['media.item.deleted.v1', null, avatar],
          ]),
        );
        const again = await h.request(DELETE_MEDIA, { input: { id: avatar } }, alice);
        expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'MEDIA.NOT_FOUND' });
      });

      it('answers the profile-image redirect for a set avatar and 404 without one', async () => {
        const avatar = await h.upload(alice);
        await ok(SET_AVATAR, { input: { id: avatar } }, alice);
        const redirect = await fetch(`${h.app.origin}/media/users/${alice.userId}/avatar`, { redirect: 'manual' });
        expect(redirect.status).toBe(302);
        expect(redirect.headers.get('location')).toContain(`/media/files/${avatar}/original?`);
        expect((await fetch(`${h.app.origin}/media/users/${stranger.userId}/avatar`, { redirect: 'manual' })).status).toBe(404);
      });

      it('reports storage in its readiness', async () => {
        const ready = await (await fetch(`${h.app.origin}/health/ready`)).json();
        expect(ready).toMatchObject({ ready: true, checks: { storage: true } });
      });
    });
  });
}
