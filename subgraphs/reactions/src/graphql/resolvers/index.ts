import type { Resolvers } from '../__generated__/resolvers-types';
import { Mutation } from './mutation.resolvers';
import { Comment, Post } from './subject.resolvers';

export const resolvers: Resolvers = { Post, Comment, Mutation };
