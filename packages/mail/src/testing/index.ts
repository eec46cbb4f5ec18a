/** @agora/mail/testing — a real SMTP server that collects what the mail worker sends. */
export { startSmtpServer, type ParsedMail, type SmtpRefusal, type StartSmtpServerOptions, type TestSmtpServer } from './smtp-server';
