-- CreateTable
CREATE TABLE "media_item" (
    "id" UUID NOT NULL,
    "owner_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "declared_content_type" TEXT NOT NULL,
    "declared_byte_size" INTEGER NOT NULL,
    "content_type" TEXT,
    "byte_size" INTEGER,
    "width" INTEGER,
    "height" INTEGER,
    "has_thumbnail" BOOLEAN NOT NULL DEFAULT false,
    "caption" TEXT,
    "failure_reason" TEXT,
    "filename" TEXT,
    "upload_expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "ready_at" TIMESTAMPTZ(3),

    CONSTRAINT "media_item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "album" (
    "id" UUID NOT NULL,
    "owner_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "visibility" TEXT NOT NULL,
    "cover_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "album_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "album_item" (
    "album_id" UUID NOT NULL,
    "media_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "added_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "album_item_pkey" PRIMARY KEY ("album_id","media_id")
);

-- CreateTable
CREATE TABLE "post_attachment" (
    "post_id" UUID NOT NULL,
    "media_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "author_id" UUID NOT NULL,

    CONSTRAINT "post_attachment_pkey" PRIMARY KEY ("post_id","media_id")
);

-- CreateTable
CREATE TABLE "profile_image" (
    "user_id" UUID NOT NULL,
    "slot" TEXT NOT NULL,
    "media_id" UUID NOT NULL,
    "set_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "profile_image_pkey" PRIMARY KEY ("user_id","slot")
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

-- CreateIndex
CREATE INDEX "media_item_owner_id_created_at_id_idx" ON "media_item"("owner_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "media_item_status_created_at_idx" ON "media_item"("status", "created_at");

-- CreateIndex
CREATE INDEX "album_owner_id_created_at_id_idx" ON "album"("owner_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "album_item_media_id_idx" ON "album_item"("media_id");

-- CreateIndex
CREATE UNIQUE INDEX "album_item_album_id_position_key" ON "album_item"("album_id", "position");

-- CreateIndex
CREATE INDEX "post_attachment_post_id_position_idx" ON "post_attachment"("post_id", "position");

-- CreateIndex
CREATE INDEX "post_attachment_media_id_idx" ON "post_attachment"("media_id");

-- CreateIndex
CREATE INDEX "profile_image_media_id_idx" ON "profile_image"("media_id");

-- CreateIndex
CREATE INDEX "social_follow_followee_id_active_idx" ON "social_follow"("followee_id", "active");

-- CreateIndex
CREATE INDEX "post_access_author_id_published_at_idx" ON "post_access"("author_id", "published_at");

-- AddForeignKey
ALTER TABLE "album" ADD CONSTRAINT "album_cover_id_fkey" FOREIGN KEY ("cover_id") REFERENCES "media_item"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "album_item" ADD CONSTRAINT "album_item_album_id_fkey" FOREIGN KEY ("album_id") REFERENCES "album"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "album_item" ADD CONSTRAINT "album_item_media_id_fkey" FOREIGN KEY ("media_id") REFERENCES "media_item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "post_attachment" ADD CONSTRAINT "post_attachment_media_id_fkey" FOREIGN KEY ("media_id") REFERENCES "media_item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "profile_image" ADD CONSTRAINT "profile_image_media_id_fkey" FOREIGN KEY ("media_id") REFERENCES "media_item"("id") ON DELETE CASCADE ON UPDATE CASCADE;
