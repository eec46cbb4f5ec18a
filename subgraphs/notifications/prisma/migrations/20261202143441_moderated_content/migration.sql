-- CreateTable
CREATE TABLE "moderated_content" (
    "subject_id" UUID NOT NULL,
    "subject_type" TEXT NOT NULL,
    "post_id" UUID NOT NULL,
    "author_id" UUID NOT NULL,
    "removed" BOOLEAN NOT NULL,
    "decided_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "moderated_content_pkey" PRIMARY KEY ("subject_id")
);
