import type { AccountView } from '../application/read-models';

/**
 * What `User` resolvers receive. `emailVisible` is set where the caller has just proven to be
 * this user (the AuthPayload of register/login/refresh), before any viewer header exists.
 */
export type UserModel = AccountView & { emailVisible?: boolean };
