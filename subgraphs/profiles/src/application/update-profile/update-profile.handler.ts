import { DomainError, parseInput, type Viewer } from '@agora/service-kit';
import { Profile } from '../../domain/profile';
import { ConcurrentModificationError, type Clock, type UnitOfWork } from '../ports';
import { toProfileView, type ProfileView } from '../profile.view';
import { retryOnConflict } from '../retry-on-conflict';
import { updateProfileInputSchema } from './update-profile.input';

export interface UpdateProfileCommand {
  /** Only the viewer's own profile can be updated, so the viewer is the target. */
  viewer: Viewer;
  /** The raw GraphQL input; validated here. */
  input: unknown;
  /** Correlates the emitted event with the request. */
  requestId: string;
}

/**
 * `updateProfile`: validates the input (BAD_USER_INPUT with the field at fault), applies it to the
 * viewer's profile — starting the profile if identity's registration event has not arrived yet —
 * and writes ProfileUpdated to the outbox in the same transaction.
 */
export class UpdateProfileHandler {
  constructor(private readonly deps: { unitOfWork: UnitOfWork; clock: Clock }) {}

  async execute(command: UpdateProfileCommand): Promise<ProfileView> {
    const changes = parseInput(updateProfileInputSchema, command.input, 'PROFILES');
    const { userId, username } = command.viewer;
    try {
      return await retryOnConflict(() =>
        this.deps.unitOfWork.run(async ({ profiles, outbox }) => {
          const at = this.deps.clock.now();
          const profile =
            (await profiles.findById(userId)) ??
            Profile.startedByOwner({ accountId: userId, knownUsername: username, at });
          if (profile.update(changes, at)) {
            await profiles.save(profile);
            await outbox.append(profile.pullEvents(), { correlationId: command.requestId, causationId: null, actorId: userId });
          }
          return toProfileView(profile);
        }),
      );
    } catch (error) {
      if (error instanceof ConcurrentModificationError) {
        throw new DomainError('CONFLICT', 'PROFILES.CONCURRENT_UPDATE', 'The profile changed while saving; try again');
      }
      throw error;
    }
  }
}
