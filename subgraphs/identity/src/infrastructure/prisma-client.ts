/** The generated client of this context, re-exported so the rest of the code has one import. */
export { PrismaClient, Prisma } from './prisma/__generated__/client';
export type TransactionClient = import('./prisma/__generated__/client').Prisma.TransactionClient;
