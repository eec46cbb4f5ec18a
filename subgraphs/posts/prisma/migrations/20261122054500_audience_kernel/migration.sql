-- AlterTable
ALTER TABLE "social_follow" ADD COLUMN     "changed_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "social_follow_followee_id_active_idx" ON "social_follow"("followee_id", "active");
