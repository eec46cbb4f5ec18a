-- CreateEnum
CREATE TYPE "account_role" AS ENUM ('MEMBER', 'MODERATOR', 'ADMIN');

-- AlterTable
ALTER TABLE "account" ADD COLUMN     "role" "account_role" NOT NULL DEFAULT 'MEMBER',
ADD COLUMN     "suspended_at" TIMESTAMPTZ(3),
ADD COLUMN     "suspended_until" TIMESTAMPTZ(3),
ADD COLUMN     "suspension_as_of" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "account_role_idx" ON "account"("role");
