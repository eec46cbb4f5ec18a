/** The operations the tests send, as a client (or the gateway's query plan) would. */
const USER_FIELDS = /* GraphQL */ `
  id followerCount followingCount viewerFollows viewerBlocked
`;
const CIRCLE_FIELDS = /* GraphQL */ `
  id name members(first: 100) { edges { node { id } } }
`;

export const FOLLOW = `mutation ($input: UserRefInput!) { follow(input: $input) { ${USER_FIELDS} } }`;
export const UNFOLLOW = `mutation ($input: UserRefInput!) { unfollow(input: $input) { ${USER_FIELDS} } }`;
export const BLOCK = `mutation ($input: UserRefInput!) { block(input: $input) { ${USER_FIELDS} } }`;
export const UNBLOCK = `mutation ($input: UserRefInput!) { unblock(input: $input) { ${USER_FIELDS} } }`;
export const CREATE_CIRCLE = `mutation ($input: CreateCircleInput!) { createCircle(input: $input) { ${CIRCLE_FIELDS} } }`;
export const RENAME_CIRCLE = `mutation ($input: RenameCircleInput!) { renameCircle(input: $input) { ${CIRCLE_FIELDS} } }`;
export const ADD_TO_CIRCLE = `mutation ($input: CircleMemberInput!) { addToCircle(input: $input) { ${CIRCLE_FIELDS} } }`;
export const REMOVE_FROM_CIRCLE = `mutation ($input: CircleMemberInput!) { removeFromCircle(input: $input) { ${CIRCLE_FIELDS} } }`;
export const DELETE_CIRCLE = `mutation ($input: DeleteCircleInput!) { deleteCircle(input: $input) }`;
export const MY_CIRCLES = `query { myCircles { ${CIRCLE_FIELDS} } }`;

/** What the gateway sends to resolve social's User fields for users other subgraphs returned. */
export const USERS = /* GraphQL */ `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) { ... on User { ${USER_FIELDS} } }
  }
`;
export const USER_LISTS = /* GraphQL */ `
  query ($representations: [_Any!]!, $first: Int, $after: String) {
    _entities(representations: $representations) {
      ... on User {
        id
        followers(first: $first, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }
        following(first: $first, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }
      }
    }
  }
`;
export const CIRCLES = /* GraphQL */ `
  query ($representations: [_Any!]!, $first: Int, $after: String) {
    _entities(representations: $representations) {
      ... on Circle { id name members(first: $first, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }
    }
  }
`;

export const userRefs = (ids: string[]) => ids.map((id) => ({ __typename: 'User', id }));
export const circleRefs = (ids: string[]) => ids.map((id) => ({ __typename: 'Circle', id }));
