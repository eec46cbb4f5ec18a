import { defineConfigSuite } from '@agora/testing/suites';
import { expect, it } from 'vitest';
import { configSchema } from './config';

defineConfigSuite({
  name: 'feed',
  schema: configSchema,
  envPrefix: 'FEED',
  defaultPort: 4008,
  port: 5008,
  defaultsTitle: 'defaults to port 4008, PGlite under .data, a local NATS and a 30-day backfill window',
  own: { defaults: { backfillDays: 30 }, env: { FEED_BACKFILL_DAYS: '7' }, parsed: { backfillDays: 7 } },
  rejectsBadPortAndUrl: false,
  extraCases() {
    it('refuses a backfill window that is not a whole number of days ≥ 0', () => {
      for (const FEED_BACKFILL_DAYS of ['-1', '1.5', 'a month']) {
        expect(configSchema.safeParse({ FEED_BACKFILL_DAYS }).success, FEED_BACKFILL_DAYS).toBe(false);
      }
      expect(configSchema.parse({ FEED_BACKFILL_DAYS: '0' }).backfillDays).toBe(0);
    });
  },
});
