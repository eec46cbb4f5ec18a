import type { Resolvers } from '../__generated__/resolvers-types';
import { Mutation } from './mutation.resolvers';
import { User } from './user.resolvers';

export const resolvers: Resolvers = { User, Mutation };
