-- CreateTable
CREATE TABLE "moderated_post" (
    "post_id" UUID NOT NULL,
    "removed" BOOLEAN NOT NULL,
    "decided_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "moderated_post_pkey" PRIMARY KEY ("post_id")
);
