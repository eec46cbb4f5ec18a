import { describe, expect, it } from 'vitest';
import { grantAdmin } from '../../src/application/roles/grant-admin';
import { tokenOf } from '../../src/application/testing/in-memory-identity-store';
import { aRegistration, identityTestKit } from '../support/identity-test-kit';

async function withAccounts() {
  const kit = identityTestKit();
  const admin = (await kit.register.execute(aRegistration({ email: 'admin@example.com', username: 'admin' }))).account;
  const ana = (await kit.register.execute(aRegistration())).account;
  await grantAdmin('admin@example.com', { accounts: kit.store, clock: kit.clock, ids: kit.ids, audit: kit.audit }, 'admin:grant');
  const as = (account: { id: string; username: string }) => ({ as: { userId: account.id, username: account.username } });
  const roleEvents = () => kit.store.outbox.filter((o) => o.event.type === 'AccountRoleChanged').map((o) => o.event);
  return { kit, admin, ana, as, roleEvents };
}

describe('setRole', () => {
  it('an admin gives a role: stored, one role-changed event with changedBy, one audit line with the actor', async () => {
    const { kit, admin, ana, as, roleEvents } = await withAccounts();
    const result = await kit.setRole.execute({ userId: ana.id, role: 'MODERATOR' }, as(admin));
    expect(result).toMatchObject({ id: ana.id, role: 'MODERATOR' });
    expect(kit.store.accounts.get(ana.id)!.account.role).toBe('MODERATOR');
    expect(roleEvents().at(-1)).toMatchObject({ accountId: ana.id, role: 'MODERATOR', previousRole: 'MEMBER', changedBy: admin.id });
    expect(kit.audit.entries.at(-1)!.entry).toMatchObject({
      actorId: admin.id,
      action: 'setRole',
      userId: ana.id,
      role: 'MODERATOR',
      changed: true,
    });

    // The same role again writes nothing.
    const events = roleEvents().length;
    await kit.setRole.execute({ userId: ana.id, role: 'MODERATOR' }, as(admin));
    expect(roleEvents()).toHaveLength(events);
  });

  it('checks the STORED role of the caller (a token claim can be stale): a non-admin is refused', async () => {
    const { kit, ana, admin, as } = await withAccounts();
    await expect(kit.setRole.execute({ userId: admin.id, role: 'MEMBER' }, as(ana))).rejects.toMatchObject({
      code: 'FORBIDDEN',
      reason: 'IDENTITY.ADMIN_REQUIRED',
    });
    expect(kit.store.accounts.get(admin.id)!.account.role).toBe('ADMIN');
  });

  it('refuses your own role, the last admin, an unknown user and a bad input', async () => {
    const { kit, admin, ana, as } = await withAccounts();
    await expect(kit.setRole.execute({ userId: admin.id, role: 'MEMBER' }, as(admin))).rejects.toMatchObject({
      code: 'FORBIDDEN',
      reason: 'IDENTITY.OWN_ROLE',
    });
    await expect(kit.setRole.execute({ userId: '01900000-0000-7000-8000-00000000ffff', role: 'ADMIN' }, as(admin))).rejects.toMatchObject({
      code: 'NOT_FOUND',
      reason: 'IDENTITY.USER_NOT_FOUND',
    });
    await expect(kit.setRole.execute({ userId: 'nope', role: 'ADMIN' }, as(admin))).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'userId',
    });
    await expect(kit.setRole.execute({ userId: ana.id, role: 'OWNER' }, as(admin))).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'role',
    });
    await expect(kit.setRole.execute({ userId: ana.id, role: 'ADMIN' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });

    // Two admins: one may demote the other, and then the remaining one is the last.
    await kit.setRole.execute({ userId: ana.id, role: 'ADMIN' }, as(admin));
    await kit.setRole.execute({ userId: admin.id, role: 'MEMBER' }, as(ana));
    const bea = (await kit.register.execute(aRegistration({ email: 'bea@example.com', username: 'bea' }))).account;
    await expect(kit.setRole.execute({ userId: ana.id, role: 'MEMBER' }, as(bea))).rejects.toMatchObject({
      reason: 'IDENTITY.ADMIN_REQUIRED',
    });
    expect([...kit.store.accounts.values()].filter((a) => a.account.role === 'ADMIN').map((a) => a.account.id)).toEqual([ana.id]);
  });

  it('two admins demoting each other at once: one wins, the other is no longer an admin when its turn comes', async () => {
    const { kit, admin, ana, as } = await withAccounts();
    await kit.setRole.execute({ userId: ana.id, role: 'ADMIN' }, as(admin));
    const outcomes = await Promise.allSettled([
      kit.setRole.execute({ userId: ana.id, role: 'MEMBER' }, as(admin)),
      kit.setRole.execute({ userId: admin.id, role: 'MEMBER' }, as(ana)),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    // Serialised: the second sees the first's commit (with the own-role rule, this is what keeps one admin).
    expect(refused.reason).toMatchObject({ reason: 'IDENTITY.ADMIN_REQUIRED' });
    expect([...kit.store.accounts.values()].filter((a) => a.account.role === 'ADMIN')).toHaveLength(1);
  });
});

describe('bootstrap admin and suspension at sign-in', () => {
  it('AGORA_BOOTSTRAP_ADMIN_EMAIL registers as ADMIN with its event (changedBy null); others as MEMBER', async () => {
    const kit = identityTestKit({ bootstrapAdminEmail: 'boss@example.com' });
    const boss = await kit.register.execute(aRegistration({ email: 'Boss@Example.com', username: 'boss' }));
    const other = await kit.register.execute(aRegistration());
    expect(boss.account.role).toBe('ADMIN');
    expect(boss.accessToken).toMatch(/:ADMIN$/);
    expect(other.account.role).toBe('MEMBER');
    expect(kit.store.outbox.map((o) => o.event.type)).toEqual(['AccountRegistered', 'AccountRoleChanged', 'AccountRegistered']);
    expect(kit.store.outbox[1]!.event).toMatchObject({
      accountId: boss.account.id,
      role: 'ADMIN',
      previousRole: 'MEMBER',
      changedBy: null,
    });
  });

  it('login of a suspended account: wrong password → INVALID_CREDENTIALS, right one → SUSPENDED; over once until has passed', async () => {
    const kit = identityTestKit();
    const { account } = await kit.register.execute(aRegistration());
    const stored = kit.store.accounts.get(account.id)!;
    const until = new Date(kit.clock.now().getTime() + 3600_000);
    stored.account = { ...stored.account, suspendedAt: kit.clock.now(), suspendedUntil: until };
    await expect(kit.logIn.execute({ login: 'ana', password: 'wrong password' })).rejects.toMatchObject({
      reason: 'IDENTITY.INVALID_CREDENTIALS',
    });
    await expect(kit.logIn.execute({ login: 'ana', password: 'correct horse battery' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      reason: 'IDENTITY.SUSPENDED',
      message: expect.stringContaining(until.toISOString()),
    });
    kit.clock.advance(3600_000);
    await expect(kit.logIn.execute({ login: 'ana', password: 'correct horse battery' })).resolves.toMatchObject({
      account: { id: account.id },
    });
  });

  it('resetPassword and changePassword of a suspended account: SUSPENDED, nothing changed, no session; the reset link works once lifted', async () => {
    const kit = identityTestKit();
    const { account } = await kit.register.execute(aRegistration());
    await kit.requestReset.execute({ email: 'ana@example.com' });
    await kit.processResets();
    const token = tokenOf(kit.store.mails.find((m) => m.kind === 'identity.reset-password')!);
    const stored = kit.store.accounts.get(account.id)!;
    stored.account = { ...stored.account, suspendedAt: kit.clock.now(), suspendedUntil: null };
    const families = kit.store.families.size;
    await expect(kit.resetPassword.execute({ token, newPassword: 'a brand new password' })).rejects.toMatchObject({
      reason: 'IDENTITY.SUSPENDED',
    });
    await expect(
      kit.changePassword.execute(
        { currentPassword: 'correct horse battery', newPassword: 'another new password' },
        { as: { userId: account.id, username: 'ana' } },
      ),
    ).rejects.toMatchObject({ reason: 'IDENTITY.SUSPENDED' });
    expect(kit.store.families.size).toBe(families);
    stored.account = { ...stored.account, suspendedAt: null };
    await expect(kit.resetPassword.execute({ token, newPassword: 'a brand new password' })).resolves.toMatchObject({
      account: { id: account.id },
    });
  });
});
