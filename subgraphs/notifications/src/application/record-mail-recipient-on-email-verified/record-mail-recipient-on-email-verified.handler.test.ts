import { describe, expect, it } from 'vitest';
import { emailVerified } from '../testing/email.mother';
import { aPerson } from '../testing/events.mother';
import { handlersMother } from '../testing/handlers.mother';

describe('RecordMailRecipientOnEmailVerified', () => {
  it('records the verified address (lower case), once per event', async () => {
    const { store, handlers } = handlersMother();
    const ann = aPerson('ann');
    const event = emailVerified(ann, { email: 'Ann@Mail.Test' });

    expect(await handlers.emailVerified.deliver(event)).toBe(true);
    expect(await handlers.emailVerified.deliver(event)).toBe(false);

    expect(store.recipients.get(ann.userId)).toEqual({ email: 'ann@mail.test', verifiedAt: new Date(event.payload.verifiedAt) });
  });

  it('keeps the newest verification: an older one arriving late changes nothing', async () => {
    const { store, handlers } = handlersMother();
    const ann = aPerson('ann');
    await handlers.emailVerified.deliver(emailVerified(ann, { email: 'new@mail.test', at: new Date('2026-02-01T00:00:00.000Z') }));
    await handlers.emailVerified.deliver(emailVerified(ann, { email: 'old@mail.test', at: new Date('2026-01-01T00:00:00.000Z') }));
    expect(store.recipients.get(ann.userId)?.email).toBe('new@mail.test');

    await handlers.emailVerified.deliver(emailVerified(ann, { email: 'newer@mail.test', at: new Date('2026-03-01T00:00:00.000Z') }));
    expect(store.recipients.get(ann.userId)?.email).toBe('newer@mail.test');
  });
});
