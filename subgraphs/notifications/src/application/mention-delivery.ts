import { mentionTarget, type Mention } from '../domain/mentions';
import type { NotificationDraft } from '../domain/notification';
import type { NotificationScope } from './ports';
import { storeNotifications, type MailAbout, type StoreCall } from './store-notifications';

export interface MentionOutcome {
  /** Notifications created (and announced). */
  delivered: number;
  /** Still waiting: the account, or (mention in a comment) the post's publication, is unknown. */
  waiting: Mention[];
  /** Decided (notified or not): nothing more to do for them. */
  settled: Mention[];
}

/**
 * Turns mentions into MENTIONED notifications where everything needed is known: the username's
 * account (registered no later than the mention), and that the account may see what mentions it —
 * the post's audience as published for a post, the post facts for a comment. Blocks and own
 * mentions never notify. Mentions missing a fact are returned as `waiting`. The notifications
 * created are announced with the metadata of `call`: that of the event being handled, which may be
 * a later one (a registration, a publication) than the one that wrote the mention. `about` is the
 * mentioning body when the handler has it (the mails quote it); a mention that waited has none.
 */
export async function deliverMentions(
  scope: NotificationScope,
  mentions: readonly Mention[],
  call: StoreCall,
  about: MailAbout = {},
): Promise<MentionOutcome> {
  const outcome: MentionOutcome = { delivered: 0, waiting: [], settled: [] };
  if (mentions.length === 0) return outcome;
  const accounts = await scope.accounts.byUsername([...new Set(mentions.map((mention) => mention.username))]);

  // One body (= one source event) has one audience: decide its mentions together.
  const bySource = new Map<string, { mention: Mention; recipientId: string }[]>();
  for (const mention of mentions) {
    const account = accounts.get(mention.username);
    if (!account) {
      outcome.waiting.push(mention);
      continue;
    }
    const target = mentionTarget(mention, account);
    if (target.kind === 'nobody') {
      outcome.settled.push(mention);
      continue;
    }
    const group = bySource.get(mention.sourceEventId) ?? [];
    group.push({ mention, recipientId: target.recipientId });
    bySource.set(mention.sourceEventId, group);
  }

  const drafts: NotificationDraft[] = [];
  for (const group of bySource.values()) {
    const first = group[0]!.mention;
    const recipients = group.map((target) => target.recipientId);
    const allowed = first.audience
      ? await scope.facts.readersOf(first.audience, recipients)
      : await scope.facts.readersOfPost(first.postId, recipients);
    if (allowed === null) {
      outcome.waiting.push(...group.map((target) => target.mention));
      continue;
    }
    for (const { mention, recipientId } of group) {
      outcome.settled.push(mention);
      if (!allowed.has(recipientId)) continue;
      drafts.push({
        recipientId,
        kind: 'MENTIONED',
        actorId: mention.actorId,
        postId: mention.postId,
        commentId: mention.commentId,
        sourceEventId: mention.sourceEventId,
        at: mention.mentionedAt,
      });
    }
  }
  outcome.delivered = (await storeNotifications(scope, drafts, call, about)).length;
  return outcome;
}
