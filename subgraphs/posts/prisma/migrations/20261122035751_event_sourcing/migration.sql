-- CreateTable
CREATE TABLE "post_event" (
    "post_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "event_id" UUID NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "post_event_pkey" PRIMARY KEY ("post_id","version")
);

-- CreateTable
CREATE TABLE "social_follow" (
    "follower_id" UUID NOT NULL,
    "followee_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "active" BOOLEAN NOT NULL,

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

-- CreateIndex
CREATE UNIQUE INDEX "post_event_event_id_key" ON "post_event"("event_id");

-- Data: give every existing post a stream (hand-written, not generated).
-- Posts written before event sourcing kept only their current state, not their history, so each
-- one gets the shortest stream that projects to that state: `published` (version 1, current
-- body), `edited` (version 2) when it was edited, `deleted` (next version) when it was deleted.
-- The row's version is then set to its stream's version, so a rebuild reproduces the table.
-- These events were already published under the old scheme (or are history that never was):
-- they are NOT written to the outbox.
INSERT INTO "post_event" ("post_id", "version", "type", "payload", "event_id", "occurred_at")
SELECT p."id", 1, 'posts.post.published.v1',
       jsonb_build_object('postId', p."id", 'authorId', p."author_id", 'body', p."body",
                          'visibility', p."visibility"::text, 'circleIds', to_jsonb(COALESCE(p."circle_ids", '{}'::uuid[])),
                          'publishedAt', to_char(p."created_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
       gen_random_uuid(), p."created_at"
FROM "post" p;

INSERT INTO "post_event" ("post_id", "version", "type", "payload", "event_id", "occurred_at")
SELECT p."id", 2, 'posts.post.edited.v1',
       jsonb_build_object('postId', p."id", 'authorId', p."author_id", 'body', p."body", 'version', 2,
                          'editedAt', to_char(p."edited_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
       gen_random_uuid(), p."edited_at"
FROM "post" p WHERE p."edited_at" IS NOT NULL;

INSERT INTO "post_event" ("post_id", "version", "type", "payload", "event_id", "occurred_at")
SELECT p."id", CASE WHEN p."edited_at" IS NULL THEN 2 ELSE 3 END, 'posts.post.deleted.v1',
       jsonb_build_object('postId', p."id", 'authorId', p."author_id", 'deletedAt', to_char(p."deleted_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
       gen_random_uuid(), p."deleted_at"
FROM "post" p WHERE p."deleted_at" IS NOT NULL;

UPDATE "post" p SET "version" = (SELECT max(e."version") FROM "post_event" e WHERE e."post_id" = p."id");
