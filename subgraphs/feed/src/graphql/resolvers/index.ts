import type { Resolvers } from '../__generated__/resolvers-types';
import { Query } from './query.resolvers';

export const resolvers: Resolvers = { Query };
