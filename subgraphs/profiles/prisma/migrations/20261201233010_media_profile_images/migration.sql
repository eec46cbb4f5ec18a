-- CreateTable
CREATE TABLE "profile_image" (
    "user_id" UUID NOT NULL,
    "slot" TEXT NOT NULL,
    "media_id" UUID,
    "changed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "profile_image_pkey" PRIMARY KEY ("user_id","slot")
);
