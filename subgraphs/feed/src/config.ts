import { contextEnv, toContextConfig } from '@agora/service-kit';
import { z } from 'zod';

/** Feed's environment: every context's (service-kit's contextEnv) plus the backfill window. */
export const configSchema = contextEnv('feed', 4008)
  .extend({
    /**
     * How far back a new follow fills the follower's timeline with the followee's posts, in whole
     * days (posts published at most this long before the follow was made). Part of the read
     * model's rule: the live model and a rebuild must use the same value.
     */
    FEED_BACKFILL_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  })
  // The shared part's keys are built from the context name, so zod types the row loosely; the value was validated above.
  .transform((raw) => ({ ...toContextConfig('feed', raw), backfillDays: raw.FEED_BACKFILL_DAYS as number }));

export type FeedConfig = z.output<typeof configSchema>;
