import type { NotificationKind } from './notification';

/** How often a digest mail sums up the unseen notifications. */
export const EMAIL_DIGESTS = ['NEVER', 'DAILY', 'WEEKLY'] as const;
export type EmailDigest = (typeof EMAIL_DIGESTS)[number];

/** A person's email notification settings (API.md `Settings`). */
export interface NotificationSettings {
  emailOnFollow: boolean;
  emailOnComment: boolean;
  emailOnReaction: boolean;
  emailOnMention: boolean;
  digest: EmailDigest;
}

/** The switches one notification mail depends on. */
export type EmailSwitch = 'emailOnFollow' | 'emailOnComment' | 'emailOnReaction' | 'emailOnMention';
/** What an unsubscribe link turns off: one switch, or the digest. */
export type EmailSetting = EmailSwitch | 'digest';
export const EMAIL_SETTINGS: readonly EmailSetting[] = ['emailOnFollow', 'emailOnComment', 'emailOnReaction', 'emailOnMention', 'digest'];

/** Everyone's settings until they change them: comments and mentions mailed, follows and reactions not, no digest. */
export const DEFAULT_SETTINGS: Readonly<NotificationSettings> = Object.freeze({
  emailOnFollow: false,
  emailOnComment: true,
  emailOnReaction: false,
  emailOnMention: true,
  digest: 'NEVER',
});

/** A partial change: omitted (undefined) fields keep their value. */
export type SettingsChange = Partial<NotificationSettings>;

export function changedSettings(current: NotificationSettings, change: SettingsChange): NotificationSettings {
  return {
    emailOnFollow: change.emailOnFollow ?? current.emailOnFollow,
    emailOnComment: change.emailOnComment ?? current.emailOnComment,
    emailOnReaction: change.emailOnReaction ?? current.emailOnReaction,
    emailOnMention: change.emailOnMention ?? current.emailOnMention,
    digest: change.digest ?? current.digest,
  };
}

/** The switch that decides whether a notification of this kind is mailed (a reply counts as a comment). */
export function switchFor(kind: NotificationKind): EmailSwitch {
  switch (kind) {
    case 'FOLLOWED':
      return 'emailOnFollow';
    case 'COMMENTED':
    case 'REPLIED':
      return 'emailOnComment';
    case 'REACTED':
      return 'emailOnReaction';
    case 'MENTIONED':
      return 'emailOnMention';
  }
}

/** What an unsubscribe link does: that switch off, or (the digest's link) the digest NEVER. */
export function unsubscribed(current: NotificationSettings, setting: EmailSetting): NotificationSettings {
  return setting === 'digest' ? { ...current, digest: 'NEVER' } : { ...current, [setting]: false };
}

export function isEmailSetting(value: unknown): value is EmailSetting {
  return typeof value === 'string' && (EMAIL_SETTINGS as readonly string[]).includes(value);
}
