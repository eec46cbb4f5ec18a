import type { BaseContext } from '@agora/service-kit';
import type { LogInHandler } from '../application/log-in/log-in.handler';
import type { LogOutHandler } from '../application/log-out/log-out.handler';
import type { RefreshSessionHandler } from '../application/refresh-session/refresh-session.handler';
import type { RegisterAccountHandler } from '../application/register-account/register-account.handler';
import type { IdentityLoaders } from './loaders';

/** Process-wide use cases (stateless), shared by every request. */
export interface IdentityUseCases {
  register: RegisterAccountHandler;
  logIn: LogInHandler;
  refreshSession: RefreshSessionHandler;
  logOut: LogOutHandler;
}

export interface IdentityContext extends BaseContext {
  useCases: IdentityUseCases;
  loaders: IdentityLoaders;
}
