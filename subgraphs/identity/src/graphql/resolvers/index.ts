import type { Resolvers } from '../__generated__/resolvers-types';
import { DateTimeScalar } from '@agora/service-kit';
import { Mutation } from './mutation.resolvers';
import { Query } from './query.resolvers';
import { AuthPayload, User } from './user.resolvers';

export const resolvers: Resolvers = { DateTime: DateTimeScalar, Query, Mutation, User, AuthPayload };
