import type { PostSnapshot } from './post.aggregate';
import type { PostEvent } from './post.events';

/**
 * THE projection of a post's event stream onto its current state. The aggregate (live commands),
 * the read table `post` (same transaction as the append) and the rebuild command all go through
 * this one function, so a rebuilt read table cannot drift from the live one.
 */
export function applyPostEvent(state: PostSnapshot | null, event: PostEvent): PostSnapshot {
  if (event.type === 'PostPublished') {
    if (state !== null) throw new Error(`post ${event.postId}: published twice (version ${event.version})`);
    return {
      id: event.postId,
      authorId: event.authorId,
      body: event.body,
      visibility: event.visibility,
      circleIds: [...event.circleIds],
      commentsDisabled: event.commentsDisabled,
      attachmentIds: [...event.attachmentIds],
      version: event.version,
      createdAt: event.at,
      editedAt: null,
      deletedAt: null,
      removedAt: null,
      moderatedAt: null,
    };
  }
  if (state === null) throw new Error(`post ${event.postId}: ${event.type} before PostPublished`);
  if (event.version !== state.version + 1) {
    throw new Error(`post ${event.postId}: version ${event.version} does not follow ${state.version}`);
  }
  switch (event.type) {
    case 'PostEdited':
      return { ...state, body: event.body, version: event.version, editedAt: event.at };
    case 'PostVisibilityChanged':
    case 'PostCommentsToggled':
      return {
        ...state,
        visibility: event.visibility,
        circleIds: [...event.circleIds],
        commentsDisabled: event.commentsDisabled,
        version: event.version,
      };
    case 'PostDeleted':
      return { ...state, version: event.version, deletedAt: event.at };
    case 'PostRemovedByModeration':
      // A removal decided while removed already keeps the first removal's time.
      return { ...state, version: event.version, removedAt: state.removedAt ?? event.at, moderatedAt: event.at };
    case 'PostRestoredByModeration':
      return { ...state, version: event.version, removedAt: null, moderatedAt: event.at };
  }
}

/** Folds a whole stream (oldest first); null for an empty stream. */
export function foldPostEvents(events: readonly PostEvent[]): PostSnapshot | null {
  return events.reduce<PostSnapshot | null>(applyPostEvent, null);
}
