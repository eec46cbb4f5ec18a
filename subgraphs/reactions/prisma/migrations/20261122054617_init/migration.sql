-- CreateEnum
CREATE TYPE "reaction_kind" AS ENUM ('LIKE', 'LOVE', 'LAUGH', 'WOW', 'SAD', 'ANGRY');

-- CreateEnum
CREATE TYPE "reaction_subject_type" AS ENUM ('POST', 'COMMENT');

-- CreateTable
CREATE TABLE "reaction" (
    "user_id" UUID NOT NULL,
    "subject_id" UUID NOT NULL,
    "subject_type" "reaction_subject_type" NOT NULL,
    "post_id" UUID NOT NULL,
    "subject_author_id" UUID NOT NULL,
    "kind" "reaction_kind",
    "version" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "reaction_pkey" PRIMARY KEY ("user_id","subject_id")
);

-- CreateTable
CREATE TABLE "comment_fact" (
    "comment_id" UUID NOT NULL,
    "post_id" UUID NOT NULL,
    "author_id" UUID,
    "deleted" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "comment_fact_pkey" PRIMARY KEY ("comment_id")
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
CREATE INDEX "reaction_subject_id_kind_idx" ON "reaction"("subject_id", "kind");

-- CreateIndex
CREATE INDEX "reaction_post_id_idx" ON "reaction"("post_id");

-- CreateIndex
CREATE INDEX "comment_fact_post_id_idx" ON "comment_fact"("post_id");

-- CreateIndex
CREATE INDEX "social_follow_followee_id_active_idx" ON "social_follow"("followee_id", "active");

-- CreateIndex
CREATE INDEX "post_access_author_id_published_at_idx" ON "post_access"("author_id", "published_at");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_id_key" ON "outbox"("id");

-- CreateIndex
CREATE INDEX "outbox_published_at_seq_idx" ON "outbox"("published_at", "seq");
