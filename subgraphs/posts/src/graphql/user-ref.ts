/** A User as this subgraph knows it: just the key (identity owns everything else). */
export interface UserRef {
  __typename?: 'User';
  id: string;
}
