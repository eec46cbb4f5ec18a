import { publicLink, renderMail, type MailSettings } from '@agora/mail';
import type { AccountMails, MailDraft, MailRecipient } from '../application/ports';

/** Identity's mails, rendered (plain text + HTML) with @agora/mail; links on AGORA_PUBLIC_URL. */
export class RenderedAccountMails implements AccountMails {
  constructor(private readonly settings: MailSettings) {}

  verifyEmail(to: MailRecipient, token: string): MailDraft {
    const url = publicLink(this.settings, '/account/verify-email', { token });
    return this.draft('identity.verify-email', to, 'Confirm your email address', {
      preheader: 'Confirm your email address to finish setting up your Agora account.',
      heading: `Welcome to Agora, ${to.username}`,
      paragraphs: ['Please confirm that this is your email address. The link works once and expires in 24 hours.'],
      action: { label: 'Confirm email address', url },
      footer: ['If you did not create an Agora account, ignore this mail: nothing happens without the link.'],
    });
  }

  passwordReset(to: MailRecipient, token: string): MailDraft {
    const url = publicLink(this.settings, '/account/reset-password', { token });
    return this.draft('identity.reset-password', to, 'Reset your password', {
      preheader: 'A link to choose a new Agora password.',
      heading: 'Reset your password',
      paragraphs: [
        `Someone (hopefully you) asked to reset the password of the Agora account ${to.username}.`,
        'The link works once and expires in 1 hour. Using it signs out every session of the account.',
      ],
      action: { label: 'Choose a new password', url },
      footer: ['If you did not ask for this, ignore this mail: your password stays as it is.'],
    });
  }

  passwordChanged(to: MailRecipient): MailDraft {
    return this.draft('identity.password-changed', to, 'Your password was changed', {
      heading: 'Your password was changed',
      paragraphs: [
        `The password of the Agora account ${to.username} was just changed, and every other session was signed out.`,
        'If this was not you, reset your password now with "Forgot password" on the sign-in page.',
      ],
    });
  }

  registrationAttempt(to: MailRecipient): MailDraft {
    return this.draft('identity.registration-attempt', to, 'Someone tried to register with your email', {
      heading: 'You already have an Agora account',
      paragraphs: [
        `Someone tried to create a new Agora account with this email address, which already belongs to the account ${to.username}. No account was created.`,
        'If it was you, sign in instead, or reset your password with "Forgot password". Otherwise you can ignore this mail.',
      ],
    });
  }

  private draft(kind: string, to: MailRecipient, subject: string, message: Parameters<typeof renderMail>[0]): MailDraft {
    return { kind, to: to.email, subject, ...renderMail(message) };
  }
}
