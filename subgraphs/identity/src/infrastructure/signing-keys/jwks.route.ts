import type { SubgraphServerOptions, BaseContext } from '@agora/service-kit';
import { toPublicJwk } from './ed25519-signing-key';
import type { PrismaSigningKeyRepository } from './prisma-signing-key.repository';

export const JWKS_PATH = '/.well-known/jwks.json';

/**
 * Verifiers (the gateway) cache the key set; five minutes keeps database reads rare while a newly
 * inserted key is picked up quickly (jose also refetches on an unknown `kid`).
 */
export const JWKS_CACHE_CONTROL = 'public, max-age=300, stale-while-revalidate=60';

type Routes = NonNullable<SubgraphServerOptions<BaseContext>['routes']>;

/** `GET /.well-known/jwks.json`: the public half of every unretired signing key. */
export function jwksRoute(keys: PrismaSigningKeyRepository): Routes {
  return (app) => {
    app.get(JWKS_PATH, async (_req, res) => {
      const stored = await keys.unretired();
      res
        .set('Cache-Control', JWKS_CACHE_CONTROL)
        .type('application/jwk-set+json')
        .json({ keys: stored.map(toPublicJwk) });
    });
  };
}
