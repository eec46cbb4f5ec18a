import type { Resolvers } from '../__generated__/resolvers-types';
import { DateTimeScalar } from '@agora/service-kit';
import { Mutation } from './mutation.resolvers';
import { Notification } from './notification.resolvers';
import { Query } from './query.resolvers';

export const resolvers: Resolvers = { DateTime: DateTimeScalar, Notification, Query, Mutation };
