/** A post as the feed returns it: a reference the gateway completes from the posts subgraph. */
export interface PostRef {
  id: string;
}
