import { bindConsumer, createCommandPipeline, uuidV7 } from '@agora/context-runtime';
import { T1 } from '../../domain/profile/profile.mother';
import { createProfileOnAccountRegistered } from '../create-profile-on-account-registered/create-profile-on-account-registered.handler';
import type { TransactionScope } from '../ports';
import { recordProfileImageOnProfileImageChanged } from '../record-profile-image-on-profile-image-changed/record-profile-image-on-profile-image-changed.handler';
import { retryingOnConflict } from '../retry-on-conflict';
import { InMemoryUnitOfWork } from './in-memory-unit-of-work';

export const REGISTRATION_CONSUMER = 'profiles--create-profile-on-account-registered';

/**
 * An in-memory unit of work and a clock frozen at `now`, with profiles' use cases over them as
 * app.ts wires them (both through the retry on conflict): `commands.bind(updateProfile).execute(...)`
 * and `registration.deliver(event)` / `profileImages.deliver(event)` (the payload parsed by the contract, true when applied).
 */
export function setup(now = T1) {
  const unitOfWork = new InMemoryUnitOfWork();
  const clock = { now: () => now };
  const retrying = retryingOnConflict(unitOfWork);
  return {
    unitOfWork,
    commands: createCommandPipeline<TransactionScope>({ context: 'PROFILES', unitOfWork: retrying, clock, ids: uuidV7 }),
    registration: bindConsumer(retrying, createProfileOnAccountRegistered, { clock, durable: REGISTRATION_CONSUMER }),
    profileImages: bindConsumer(retrying, recordProfileImageOnProfileImageChanged, { clock }),
  };
}
