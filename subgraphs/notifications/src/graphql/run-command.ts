import { DomainError } from '@agora/service-kit';
import { NotificationsError } from '../domain/notifications.errors';

/**
 * Runs a use case, turning the domain's NotificationsError into the service kit's DomainError (the
 * only error type the server exposes; anything else is masked). The single place the two meet.
 */
export async function runCommand<T>(command: () => Promise<T>): Promise<T> {
  try {
    return await command();
  } catch (error) {
    if (error instanceof NotificationsError) throw new DomainError(error.code, error.reason, error.message, error.field);
    throw error;
  }
}
