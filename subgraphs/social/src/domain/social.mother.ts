import { circleNameSchema, type CircleName, type CircleState } from './circle';
import { UserPair, type Relationship, type UserPairState } from './relationship';

/** Test data builders for the social domain (used by domain and application tests). */
export const ALICE = '01935f0e-7a3c-7000-8000-00000000a11c';
export const BOB = '01935f0e-7a3c-7000-8000-000000000b0b';
export const CAROL = '01935f0e-7a3c-7000-8000-00000000ca01';
export const CIRCLE_ID = '01935f0e-7a3c-7000-8000-0000000c1c1e';
export const T0 = new Date('2026-01-01T10:00:00.000Z');
export const T1 = new Date('2026-01-01T10:05:00.000Z');
export const T2 = new Date('2026-01-01T10:10:00.000Z');

export const circleName = (value: string): CircleName => circleNameSchema.parse(value);

export const active = (overrides: Partial<Relationship> = {}): Relationship => ({
  state: 'ACTIVE',
  version: 1,
  since: T0,
  createdAt: T0,
  ...overrides,
});
export const removed = (overrides: Partial<Relationship> = {}): Relationship => active({ state: 'REMOVED', version: 2, ...overrides });

/** Alice (actor) and Bob, with nothing between them unless overridden. */
export const aPair = (overrides: Partial<UserPairState> = {}): UserPair =>
  UserPair.restore({ actorId: ALICE, otherId: BOB, following: null, followedBy: null, blocking: null, blockedBy: null, ...overrides });

export const aCircleState = (overrides: Partial<CircleState> = {}): CircleState => ({
  id: CIRCLE_ID,
  ownerId: ALICE,
  name: 'Close friends',
  version: 1,
  createdAt: T0,
  updatedAt: T0,
  ...overrides,
});
