-- AlterTable
ALTER TABLE "post" ADD COLUMN     "moderated_at" TIMESTAMPTZ(3),
ADD COLUMN     "removed_at" TIMESTAMPTZ(3);
