/** A post or comment as this subgraph resolves it: the key only; every field loads on its own. */
export interface SubjectRef {
  id: string;
}
