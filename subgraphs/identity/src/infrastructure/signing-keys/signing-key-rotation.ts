import { periodicTask, type Clock, type PeriodicTask } from '@agora/context-runtime';
import type { Logger } from '@agora/service-kit';
import { importPrivateKey } from './ed25519-signing-key';
import type { JoseAccessTokenIssuer } from './jose-access-token-issuer';
import type { PrismaSigningKeyRepository, SigningKeyTiming } from './prisma-signing-key.repository';

/**
 * Keeps a running identity on the current key: every `intervalMs` it reads the key table, switches
 * the issuer to a key added by `npm run keys:rotate` once that key's publish lead has passed, and
 * retires keys no unexpired token can carry (they leave the JWKS). No restart needed.
 */
export function signingKeyWatcher(options: {
  keys: PrismaSigningKeyRepository;
  issuer: JoseAccessTokenIssuer;
  timing: SigningKeyTiming;
  clock: Clock;
  logger: Pick<Logger, 'info' | 'warn'>;
  intervalMs: number;
}): PeriodicTask {
  const { keys, issuer, timing, clock, logger } = options;
  return periodicTask({
    didSomething: 'signing keys rotated or retired',
    failed: 'checking for a rotated signing key failed; retried at the next interval',
    intervalMs: options.intervalMs,
    logger,
    round: async () => {
      const now = clock.now();
      const active = await keys.activeKey(() => Promise.reject(new Error('no signing key left in the database')), now, timing);
      let changed = 0;
      if (active.kid !== issuer.kid) {
        const previous = issuer.kid;
        issuer.useKey({ kid: active.kid, privateKey: await importPrivateKey(active) });
        logger.info({ kid: active.kid, previous }, 'signing access tokens with a rotated key');
        changed++;
      }
      const retired = await keys.retireSuperseded(now, timing);
      if (retired > 0)
        logger.info({ retired, kid: active.kid }, 'retired signing keys older than the active one (their tokens have expired)');
      return changed + retired;
    },
  });
}
