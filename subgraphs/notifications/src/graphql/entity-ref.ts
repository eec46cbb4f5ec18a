/** An entity another context owns (User, Post, Comment), as this subgraph knows it: just the key. */
export interface EntityRef {
  __typename?: 'User' | 'Post' | 'Comment';
  id: string;
}
