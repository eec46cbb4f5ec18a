-- CreateTable
CREATE TABLE "timeline" (
    "owner_id" UUID NOT NULL,
    "post_id" UUID NOT NULL,
    "author_id" UUID NOT NULL,
    "published_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "timeline_pkey" PRIMARY KEY ("owner_id","post_id")
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
CREATE INDEX "timeline_owner_published_idx" ON "timeline"("owner_id" ASC, "published_at" DESC, "post_id" DESC);

-- CreateIndex
CREATE INDEX "timeline_owner_id_author_id_idx" ON "timeline"("owner_id", "author_id");

-- CreateIndex
CREATE INDEX "timeline_post_id_idx" ON "timeline"("post_id");

-- CreateIndex
CREATE INDEX "social_follow_followee_id_active_idx" ON "social_follow"("followee_id", "active");

-- CreateIndex
CREATE INDEX "post_access_author_id_published_at_idx" ON "post_access"("author_id", "published_at");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_id_key" ON "outbox"("id");

-- CreateIndex
CREATE INDEX "outbox_published_at_seq_idx" ON "outbox"("published_at", "seq");
