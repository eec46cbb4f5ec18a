-- CreateEnum
CREATE TYPE "email_digest" AS ENUM ('NEVER', 'DAILY', 'WEEKLY');

-- CreateTable
CREATE TABLE "notification_settings" (
    "account_id" UUID NOT NULL,
    "email_on_follow" BOOLEAN NOT NULL,
    "email_on_comment" BOOLEAN NOT NULL,
    "email_on_reaction" BOOLEAN NOT NULL,
    "email_on_mention" BOOLEAN NOT NULL,
    "digest" "email_digest" NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "notification_settings_pkey" PRIMARY KEY ("account_id")
);

-- CreateTable
CREATE TABLE "mail_recipient" (
    "account_id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "verified_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "mail_recipient_pkey" PRIMARY KEY ("account_id")
);

-- CreateTable
CREATE TABLE "digest_run" (
    "account_id" UUID NOT NULL,
    "frequency" "email_digest" NOT NULL,
    "period_start" TIMESTAMPTZ(3) NOT NULL,
    "mail_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "digest_run_pkey" PRIMARY KEY ("account_id","frequency","period_start")
);

-- CreateTable
CREATE TABLE "mail_outbox" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "to_address" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "headers" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL,
    "claimed_until" TIMESTAMPTZ(3),
    "sent_at" TIMESTAMPTZ(3),
    "failed_at" TIMESTAMPTZ(3),
    "last_error" TEXT,

    CONSTRAINT "mail_outbox_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "notification_settings_digest_idx" ON "notification_settings"("digest");

-- CreateIndex
CREATE INDEX "mail_outbox_sent_at_failed_at_next_attempt_at_idx" ON "mail_outbox"("sent_at", "failed_at", "next_attempt_at");
