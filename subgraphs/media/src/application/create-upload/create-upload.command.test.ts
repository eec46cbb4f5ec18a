import { describe, expect, it } from 'vitest';
import { ALICE, T1, as, rejection, setup } from '../testing/handlers.mother';
import { createUpload } from './create-upload.command';

const arrange = () => {
  const deps = setup();
  return { ...deps, create: deps.commands.bind(createUpload) };
};

describe('CreateUpload', () => {
  it('records a PENDING item of the viewer and answers a PUT ticket valid for 15 minutes', async () => {
    const { unitOfWork, create } = arrange();

    const ticket = await create.execute(as(ALICE, { kind: 'IMAGE', contentType: 'image/JPEG', byteSize: 2048, filename: 'holiday.jpg' }));

    const expiresAt = new Date(T1.getTime() + 15 * 60_000);
    expect(ticket).toEqual({
      item: expect.objectContaining({
        ownerId: ALICE,
        kind: 'IMAGE',
        status: 'PENDING',
        declaredContentType: 'image/jpeg',
        declaredByteSize: 2048,
        filename: 'holiday.jpg',
        uploadExpiresAt: expiresAt,
        createdAt: T1,
      }),
      uploadUrl: expect.stringContaining(`/media/uploads/${ticket.item.id}?`),
      method: 'PUT',
      headers: [
        { name: 'Content-Type', value: 'image/jpeg' },
        { name: 'Content-Length', value: '2048' },
      ],
      expiresAt,
    });
    expect(unitOfWork.tables.media.get(ticket.item.id)).toEqual(ticket.item);
    expect(unitOfWork.outbox).toEqual([]);
  });

  it.each([
    ['a Windows path', 'C:\\Users\\al\\..\\secret\\pic.png', 'pic.png'],
    ['a Unix path', '../../etc/passwd', 'passwd'],
    ['control and bidi-override characters', 'a\u0000b\u202ec\n.png', 'abc.png'],
    ['nothing but a path', '/tmp/', null],
    ['no name', undefined, null],
  ])('keeps only a display name from %s', async (_label, filename, expected) => {
    const { create } = arrange();
    const ticket = await create.execute(as(ALICE, { kind: 'IMAGE', contentType: 'image/png', byteSize: 1, filename }));
    expect(ticket.item.filename).toBe(expected);
  });

  it('accepts the limits exactly: a 10 MiB image and a 100 MiB video', async () => {
    const { create } = arrange();
    await create.execute(as(ALICE, { kind: 'IMAGE', contentType: 'image/gif', byteSize: 10 * 1024 * 1024 }));
    await create.execute(as(ALICE, { kind: 'VIDEO', contentType: 'video/webm', byteSize: 100 * 1024 * 1024 }));
  });

  it.each([
    ['an image over 10 MiB', { kind: 'IMAGE', contentType: 'image/png', byteSize: 10 * 1024 * 1024 + 1 }, 'MEDIA.TOO_LARGE', 'byteSize'],
    ['a video over 100 MiB', { kind: 'VIDEO', contentType: 'video/mp4', byteSize: 100 * 1024 * 1024 + 1 }, 'MEDIA.TOO_LARGE', 'byteSize'],
    ['SVG as an image', { kind: 'IMAGE', contentType: 'image/svg+xml', byteSize: 10 }, 'MEDIA.UNSUPPORTED_TYPE', 'contentType'],
    ['a video type for an image', { kind: 'IMAGE', contentType: 'video/mp4', byteSize: 10 }, 'MEDIA.UNSUPPORTED_TYPE', 'contentType'],
    ['HTML as a video', { kind: 'VIDEO', contentType: 'text/html', byteSize: 10 }, 'MEDIA.UNSUPPORTED_TYPE', 'contentType'],
    ['an empty file', { kind: 'IMAGE', contentType: 'image/png', byteSize: 0 }, 'MEDIA.INVALID_INPUT', 'byteSize'],
    ['an unknown kind', { kind: 'AUDIO', contentType: 'audio/mpeg', byteSize: 10 }, 'MEDIA.INVALID_INPUT', 'kind'],
    [
      'a 256-character file name',
      { kind: 'IMAGE', contentType: 'image/png', byteSize: 10, filename: `${'n'.repeat(252)}.png` },
      'MEDIA.FILENAME_TOO_LONG',
      'filename',
    ],
  ])('refuses %s and records nothing', async (_label, input, reason, field) => {
    const { unitOfWork, create } = arrange();
    expect(await rejection(create.execute(as(ALICE, input)))).toMatchObject({ code: 'BAD_USER_INPUT', reason, field });
    expect(unitOfWork.tables.media.size).toBe(0);
  });

  it('needs a viewer', async () => {
    const { create } = arrange();
    expect(
      await rejection(create.execute({ viewer: null, input: { kind: 'IMAGE', contentType: 'image/png', byteSize: 1 }, requestId: 'r' })),
    ).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
