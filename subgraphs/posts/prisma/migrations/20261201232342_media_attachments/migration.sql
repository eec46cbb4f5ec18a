-- AlterTable
ALTER TABLE "post" ADD COLUMN     "attachment_ids" UUID[] DEFAULT ARRAY[]::UUID[];

-- CreateTable
CREATE TABLE "media_item_fact" (
    "media_id" UUID NOT NULL,
    "owner_id" UUID NOT NULL,
    "kind" TEXT,
    "ready_at" TIMESTAMPTZ(3),
    "deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "media_item_fact_pkey" PRIMARY KEY ("media_id")
);

-- Data (hand-written): a publish stored before attachments existed had none. Its stored event
-- says so explicitly, so replay needs no default for the field: every PostPublished carries
-- `attachmentIds` (the rows of `post` already got '{}' above).
UPDATE "post_event" SET "payload" = "payload" || '{"attachmentIds": []}'::jsonb
WHERE "type" = 'PostPublished' AND NOT ("payload" ? 'attachmentIds');
