-- CreateEnum
CREATE TYPE "notification_kind" AS ENUM ('FOLLOWED', 'COMMENTED', 'REPLIED', 'REACTED', 'MENTIONED');

-- CreateTable
CREATE TABLE "notification" (
    "id" UUID NOT NULL,
    "recipient_id" UUID NOT NULL,
    "kind" "notification_kind" NOT NULL,
    "actor_id" UUID NOT NULL,
    "post_id" UUID,
    "comment_id" UUID,
    "source_event_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "seen_at" TIMESTAMPTZ(3),

    CONSTRAINT "notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "account" (
    "id" UUID NOT NULL,
    "username" TEXT NOT NULL,
    "registered_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pending_mention" (
    "source_event_id" UUID NOT NULL,
    "username" TEXT NOT NULL,
    "actor_id" UUID NOT NULL,
    "post_id" UUID NOT NULL,
    "comment_id" UUID,
    "post_author_id" UUID,
    "visibility" TEXT,
    "circle_ids" UUID[] DEFAULT ARRAY[]::UUID[],
    "mentioned_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "pending_mention_pkey" PRIMARY KEY ("source_event_id","username")
);

-- CreateTable
CREATE TABLE "deleted_comment" (
    "comment_id" UUID NOT NULL,

    CONSTRAINT "deleted_comment_pkey" PRIMARY KEY ("comment_id")
);

-- CreateTable
CREATE TABLE "social_follow" (
    "follower_id" UUID NOT NULL,
    "followee_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "active" BOOLEAN NOT NULL,
    "changed_at" TIMESTAMPTZ(3),

    CONSTRAINT "social_follow_pkey" PRIMARY KEY ("follower_id","followee_id")
);

-- CreateTable
CREATE TABLE "social_block" (
    "blocker_id" UUID NOT NULL,
    "blocked_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "active" BOOLEAN NOT NULL,

    CONSTRAINT "social_block_pkey" PRIMARY KEY ("blocker_id","blocked_id")
);

-- CreateTable
CREATE TABLE "social_circle_member" (
    "circle_id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "owner_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "active" BOOLEAN NOT NULL,

    CONSTRAINT "social_circle_member_pkey" PRIMARY KEY ("circle_id","member_id")
);

-- CreateTable
CREATE TABLE "social_deleted_circle" (
    "circle_id" UUID NOT NULL,

    CONSTRAINT "social_deleted_circle_pkey" PRIMARY KEY ("circle_id")
);

-- CreateTable
CREATE TABLE "post_access" (
    "post_id" UUID NOT NULL,
    "author_id" UUID,
    "visibility" TEXT,
    "circle_ids" UUID[] DEFAULT ARRAY[]::UUID[],
    "comments_disabled" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 0,
    "published_at" TIMESTAMPTZ(3),
    "deleted" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "post_access_pkey" PRIMARY KEY ("post_id")
);

-- CreateTable
CREATE TABLE "outbox" (
    "seq" BIGSERIAL NOT NULL,
    "id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "aggregate_id" TEXT NOT NULL,
    "envelope" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(3),

    CONSTRAINT "outbox_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "inbox" (
    "consumer" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbox_pkey" PRIMARY KEY ("consumer","event_id")
);

-- CreateIndex
CREATE INDEX "notification_recipient_id_created_at_id_idx" ON "notification"("recipient_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "notification_recipient_id_seen_at_idx" ON "notification"("recipient_id", "seen_at");

-- CreateIndex
CREATE INDEX "notification_post_id_idx" ON "notification"("post_id");

-- CreateIndex
CREATE INDEX "notification_comment_id_idx" ON "notification"("comment_id");

-- CreateIndex
CREATE UNIQUE INDEX "notification_source_event_id_recipient_id_kind_key" ON "notification"("source_event_id", "recipient_id", "kind");

-- CreateIndex
CREATE INDEX "account_username_idx" ON "account"("username");

-- CreateIndex
CREATE INDEX "pending_mention_username_idx" ON "pending_mention"("username");

-- CreateIndex
CREATE INDEX "pending_mention_post_id_idx" ON "pending_mention"("post_id");

-- CreateIndex
CREATE INDEX "pending_mention_comment_id_idx" ON "pending_mention"("comment_id");

-- CreateIndex
CREATE INDEX "social_follow_followee_id_active_idx" ON "social_follow"("followee_id", "active");

-- CreateIndex
CREATE INDEX "post_access_author_id_published_at_idx" ON "post_access"("author_id", "published_at");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_id_key" ON "outbox"("id");

-- CreateIndex
CREATE INDEX "outbox_published_at_seq_idx" ON "outbox"("published_at", "seq");
