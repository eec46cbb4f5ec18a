import { DateTimeScalar } from '@agora/service-kit';
import type { Resolvers } from '../__generated__/resolvers-types';
import { Album } from './album.resolvers';
import { MediaItem } from './media-item.resolvers';
import { Mutation } from './mutation.resolvers';
import { Post } from './post.resolvers';
import { Query } from './query.resolvers';
import { User } from './user.resolvers';

/** Resolvers by type; a mutation is one line, `name: mutation(command)` (@agora/context-runtime). */
export const resolvers: Resolvers = { DateTime: DateTimeScalar, MediaItem, Album, User, Post, Query, Mutation };
