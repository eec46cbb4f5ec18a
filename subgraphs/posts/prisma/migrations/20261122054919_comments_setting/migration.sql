-- AlterTable
ALTER TABLE "post" ADD COLUMN     "comments_disabled" BOOLEAN NOT NULL DEFAULT false;
