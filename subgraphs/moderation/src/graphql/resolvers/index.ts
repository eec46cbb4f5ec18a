import { DateTimeScalar } from '@agora/service-kit';
import type { Resolvers } from '../__generated__/resolvers-types';
import { Mutation } from './mutation.resolvers';
import { Query } from './query.resolvers';
import { Report } from './report.resolvers';
import { User } from './user.resolvers';

export const resolvers: Resolvers = { DateTime: DateTimeScalar, Mutation, Query, Report, User };
