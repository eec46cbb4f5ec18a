import type { Resolvers } from '../__generated__/resolvers-types';
import { Circle } from './circle.resolvers';
import { Mutation } from './mutation.resolvers';
import { Query } from './query.resolvers';
import { User } from './user.resolvers';

export const resolvers: Resolvers = { User, Circle, Query, Mutation };
