-- CreateTable
CREATE TABLE "report" (
    "id" UUID NOT NULL,
    "reporter_id" UUID NOT NULL,
    "subject_type" TEXT NOT NULL,
    "subject_id" UUID NOT NULL,
    "post_id" UUID NOT NULL,
    "subject_author_id" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "note" TEXT,
    "status" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "resolved_at" TIMESTAMPTZ(3),
    "resolved_by" UUID,
    "action" TEXT,
    "resolution_note" TEXT,

    CONSTRAINT "report_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "moderation_decision" (
    "id" UUID NOT NULL,
    "moderator_id" UUID NOT NULL,
    "action" TEXT NOT NULL,
    "subject_type" TEXT NOT NULL,
    "subject_id" UUID NOT NULL,
    "report_id" UUID,
    "reason" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "moderation_decision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "removed_content" (
    "subject_id" UUID NOT NULL,
    "subject_type" TEXT NOT NULL,
    "post_id" UUID NOT NULL,
    "author_id" UUID NOT NULL,
    "removed_by" UUID NOT NULL,
    "report_id" UUID,
    "removed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "removed_content_pkey" PRIMARY KEY ("subject_id")
);

-- CreateTable
CREATE TABLE "suspension" (
    "user_id" UUID NOT NULL,
    "until" TIMESTAMPTZ(3),
    "reason" TEXT NOT NULL,
    "moderator_id" UUID NOT NULL,
    "report_id" UUID,
    "suspended_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "suspension_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "account_role" (
    "account_id" UUID NOT NULL,
    "role" TEXT NOT NULL,
    "changed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "account_role_pkey" PRIMARY KEY ("account_id")
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
CREATE INDEX "report_status_created_at_id_idx" ON "report"("status", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "report_subject_author_id_status_created_at_id_idx" ON "report"("subject_author_id", "status", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "report_subject_id_status_idx" ON "report"("subject_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "report_reporter_id_subject_id_key" ON "report"("reporter_id", "subject_id");

-- CreateIndex
CREATE INDEX "moderation_decision_subject_id_at_idx" ON "moderation_decision"("subject_id", "at");

-- CreateIndex
CREATE INDEX "moderation_decision_moderator_id_at_idx" ON "moderation_decision"("moderator_id", "at");

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
