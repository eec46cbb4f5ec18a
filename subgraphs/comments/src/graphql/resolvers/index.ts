import type { Resolvers } from '../__generated__/resolvers-types';
import { Comment } from './comment.resolvers';
import { DateTimeScalar } from '@agora/service-kit';
import { Mutation } from './mutation.resolvers';
import { Post } from './post.resolvers';
import { Query } from './query.resolvers';

export const resolvers: Resolvers = { DateTime: DateTimeScalar, Comment, Post, Query, Mutation };
