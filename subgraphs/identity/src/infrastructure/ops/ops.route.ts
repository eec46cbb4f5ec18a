import type { BaseContext, Logger, SubgraphServerOptions } from '@agora/service-kit';
import type { z } from 'zod';
import { OPS_TOKEN_MAX_AGE_SECONDS, verifyOpsToken } from './ops-token';

type Routes = NonNullable<SubgraphServerOptions<BaseContext>['routes']>;

export const OPS_PATH_PREFIX = '/internal/ops/';

/** One operation: its arguments (from the token's `args`) and what it does. */
export interface OpsAction<S extends z.ZodType = z.ZodType> {
  args: S;
  run(args: z.infer<S>): Promise<Record<string, unknown>>;
}

export function opsAction<S extends z.ZodType>(action: OpsAction<S>): OpsAction<S> {
  return action;
}

/**
 * `POST /internal/ops/<action>` with `Authorization: Bearer <ops token>` (see ops-token.ts):
 * 200 `{ result }`; 401 `{ error: 'OPS.TOKEN_INVALID' }` for a missing, forged, expired or
 * other-action token, or one seen before (each token works once: a captured request cannot be
 * replayed); 404 for an unknown action; 400 for arguments the action refuses. Every accepted
 * operation is logged with its action and arguments.
 */
export function opsRoute(options: { secret: string; logger: Logger; actions: Record<string, OpsAction> }): Routes {
  const { secret, logger, actions } = options;
  /** jti → exp (seconds): tokens already used, forgotten once they could not verify anyway. */
  const used = new Map<string, number>();
  const forgetExpired = () => {
    const horizon = Math.floor(Date.now() / 1000) - OPS_TOKEN_MAX_AGE_SECONDS;
    for (const [jti, exp] of used) if (exp < horizon) used.delete(jti);
  };
  return (app) => {
    app.post(`${OPS_PATH_PREFIX}:action`, async (req, res) => {
      const name = String(req.params.action);
      const action = Object.hasOwn(actions, name) ? actions[name] : undefined;
      const header = req.get('authorization');
      const token = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
      const claims = await verifyOpsToken(token, secret, name);
      forgetExpired();
      if (!claims || used.has(claims.jti)) {
        logger.warn({ action: name, ip: req.ip }, 'ops request refused: invalid, expired or replayed token');
        res.status(401).json({ error: 'OPS.TOKEN_INVALID' });
        return;
      }
      used.set(claims.jti, claims.exp);
      if (!action) {
        res.status(404).json({ error: 'OPS.UNKNOWN_ACTION' });
        return;
      }
      const args = action.args.safeParse(claims.args);
      if (!args.success) {
        res.status(400).json({ error: 'OPS.INVALID_ARGS', message: args.error.issues.map((issue) => issue.message).join('; ') });
        return;
      }
      try {
        const result = await action.run(args.data);
        logger.info({ actorId: null, action: name, args: args.data, result }, 'ops action done');
        res.json({ result });
      } catch (error) {
        logger.error({ err: error, action: name }, 'ops action failed');
        res.status(500).json({ error: 'OPS.FAILED', message: error instanceof Error ? error.message : String(error) });
      }
    });
  };
}
