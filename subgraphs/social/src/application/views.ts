import type { Circle } from '../domain/circle';

/** A User as social knows it: the key (identity owns the rest; social's fields load per field). */
export interface UserRef {
  __typename?: 'User';
  id: string;
}

/** A circle as the graph shows it (to its owner). */
export interface CircleView {
  id: string;
  ownerId: string;
  name: string;
}

export const toCircleView = (circle: Circle): CircleView => {
  const { id, ownerId, name } = circle.snapshot();
  return { id, ownerId, name };
};
