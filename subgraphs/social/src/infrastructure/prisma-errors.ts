import { Prisma } from './prisma/__generated__/client';

/** A unique (or primary key) violation: Prisma's P2002. */
export const isUniqueViolation = (error: unknown): boolean =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
