import type { Viewer } from '@agora/service-kit';
import { z } from 'zod';
import type { EventMetadata } from './ports';

/** What every command from the graph carries. */
export interface Command {
  /** The signed-in user: always the actor (one reacts only for oneself). */
  viewer: Viewer;
  /** The raw GraphQL input; validated by the handler. */
  input: unknown;
  /** Correlates the emitted events with the request. */
  requestId: string;
}

/** Ids compare as text: the viewer's id is normalised like validated inputs (lower case). */
export const actorIdOf = (command: Command): string => command.viewer.userId.toLowerCase();

export const metadataOf = (command: Command): EventMetadata => ({
  correlationId: command.requestId,
  causationId: null,
  actorId: actorIdOf(command),
});

/**
 * Ids in inputs: UUIDs (anything else cannot name a post or comment), lower-cased as Postgres
 * prints them. Field names match the GraphQL input fields, so the first issue's path is the
 * `extensions.field` the client sees.
 */
export const idSchema = z.uuid({ message: 'Must be a valid post or comment id' }).transform((value) => value.toLowerCase());
