/** The operations the tests send, as a client (or the gateway's query plan) would. */
export const REACT = `mutation ($input: ReactInput!) { react(input: $input) }`;
export const UNREACT = `mutation ($input: UnreactInput!) { unreact(input: $input) }`;

/** What the gateway sends to resolve reactions' fields of posts and comments other subgraphs returned. */
export const SUBJECTS = /* GraphQL */ `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Post { id reactions { kind count } viewerReaction }
      ... on Comment { id reactions { kind count } viewerReaction }
    }
  }
`;

export const postRefs = (ids: string[]) => ids.map((id) => ({ __typename: 'Post', id }));
export const commentRefs = (ids: string[]) => ids.map((id) => ({ __typename: 'Comment', id }));
