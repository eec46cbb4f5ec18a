import { defineCommand, uuidInput } from '@agora/context-runtime';
import { z } from 'zod';
import { digestPeriod, digestWindowStart } from '../../domain/digest';
import type { DigestCandidate, NotificationScope } from '../ports';
import { digestMail } from './digest-mail';

/** Notifications listed in a digest (the count covers them all). */
export const DIGEST_LATEST = 5;
/** Candidates read per statement by the digest timer. */
export const DIGEST_BATCH = 100;

/**
 * The people a digest may be due for now (DAILY or WEEKLY, a verified email, none yet for the
 * current period), a page at a time. Run by the digest timer, no viewer.
 */
export const findDueDigests = defineCommand({
  name: 'findDueDigests',
  input: z.object({ after: z.string().nullish() }),
  viewer: 'optional',
  handle({ input, now }, { digests }: NotificationScope): Promise<DigestCandidate[]> {
    const periodStarts = { DAILY: digestPeriod('DAILY', now).start, WEEKLY: digestPeriod('WEEKLY', now).start };
    return digests.candidates(periodStarts, DIGEST_BATCH, input.after ?? null);
  },
});

/**
 * One person's digest for the current period (UTC day, or ISO week from Monday), in one
 * transaction: when they still want one (settings and verified email read again here) and have
 * unseen notifications created since their previous digest (or the period's start), the period's
 * DigestRun and the digest mail are written together. The DigestRun's key (person, frequency,
 * period) makes a period summed up at most once — whatever the timer, a restart or a second
 * instance does. True when a digest was queued.
 */
export const sendDigest = defineCommand({
  name: 'sendDigest',
  input: z.object({ accountId: uuidInput() }),
  viewer: 'optional',
  async handle({ input: { accountId }, now, ids }, scope: NotificationScope): Promise<boolean> {
    const frequency = (await scope.settings.of([accountId])).get(accountId)?.digest ?? 'NEVER';
    if (frequency === 'NEVER') return false;
    const to = (await scope.recipients.of([accountId])).get(accountId);
    if (!to) return false;
    const period = digestPeriod(frequency, now);
    const since = digestWindowStart(period.start, await scope.digests.previousAt(accountId, frequency));
    const unseen = await scope.digests.unseenSince(accountId, since, DIGEST_LATEST);
    if (unseen.count === 0) return false;
    const mailId = ids.newId();
    if (!(await scope.digests.record({ accountId, frequency, periodStart: period.start, mailId, at: now }))) return false;
    await scope.mail.enqueue([digestMail({ id: mailId, accountId, to, frequency, ...unseen, links: scope.links, now })]);
    return true;
  },
});
