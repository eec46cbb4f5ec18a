/** GraphQL documents the integration tests send, as a client would. */
const POST_FIELDS = 'id body visibility createdAt editedAt version commentsDisabled author { id }';

export const CREATE_POST = `mutation($input: CreatePostInput!) { createPost(input: $input) { ${POST_FIELDS} } }`;
export const EDIT_POST = `mutation($input: EditPostInput!) { editPost(input: $input) { ${POST_FIELDS} } }`;
export const DELETE_POST = `mutation($input: DeletePostInput!) { deletePost(input: $input) }`;
export const CHANGE_VISIBILITY = `mutation($input: ChangePostVisibilityInput!) { changePostVisibility(input: $input) { ${POST_FIELDS} } }`;
export const SET_COMMENTS_DISABLED = `mutation($input: SetPostCommentsDisabledInput!) { setPostCommentsDisabled(input: $input) { ${POST_FIELDS} } }`;
export const POST = `query($id: ID!) { post(id: $id) { ${POST_FIELDS} } }`;
export const POSTS = `query($first: Int, $after: String) {
  posts(first: $first, after: $after) { edges { cursor node { id createdAt } } pageInfo { hasNextPage endCursor } }
}`;
/** What the gateway sends to resolve Post references (`_entities`). */
export const POST_ENTITIES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Post { id body author { id } } }
}`;
/** What the gateway sends for `User.posts` once identity resolved the users. */
export const USER_POSTS = `query($representations: [_Any!]!, $first: Int, $after: String) {
  _entities(representations: $representations) {
    ... on User { id posts(first: $first, after: $after) { edges { cursor node { id visibility } } pageInfo { hasNextPage endCursor } } }
  }
}`;

export const postRefs = (ids: string[]) => ids.map((id) => ({ __typename: 'Post', id }));
export const userRefs = (ids: string[]) => ids.map((id) => ({ __typename: 'User', id }));
