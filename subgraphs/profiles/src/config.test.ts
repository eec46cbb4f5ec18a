import { defineConfigSuite } from '@agora/testing/suites';
import { describe, expect, it } from 'vitest';
import { configSchema } from './config';

defineConfigSuite({
  name: 'profiles',
  schema: configSchema,
  envPrefix: 'PROFILES',
  defaultPort: 4002,
  port: 5002,
  own: {
    defaults: { mediaPublicUrl: 'http://localhost:4000' },
    env: { MEDIA_PUBLIC_URL: 'https://agora.example.com/' },
    parsed: { mediaPublicUrl: 'https://agora.example.com' },
  },
});

describe('profiles config: MEDIA_PUBLIC_URL', () => {
  it('is the default when empty, and must be a URL', () => {
    expect(configSchema.parse({ MEDIA_PUBLIC_URL: '' }).mediaPublicUrl).toBe('http://localhost:4000');
    expect(configSchema.safeParse({ MEDIA_PUBLIC_URL: 'not a url' }).success).toBe(false);
  });
});
