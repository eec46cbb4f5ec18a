/** The operations the tests send, as a client (or the gateway's query plan) would. */
const COMMENT_FIELDS = /* GraphQL */ `
  id body createdAt removedAt post { id } author { id } parent { id }
`;
const PAGE_INFO = 'pageInfo { hasNextPage hasPreviousPage startCursor endCursor }';

export const ADD_COMMENT = `mutation ($input: AddCommentInput!) { addComment(input: $input) { ${COMMENT_FIELDS} } }`;
export const DELETE_COMMENT = `mutation ($input: DeleteCommentInput!) { deleteComment(input: $input) }`;
export const COMMENT = `query ($id: ID!) { comment(id: $id) { ${COMMENT_FIELDS} } }`;

/** What the gateway sends for comments' Post fields of posts other subgraphs returned. */
export const POST_COMMENTS = /* GraphQL */ `
  query ($representations: [_Any!]!, $first: Int, $after: String, $replies: Int) {
    _entities(representations: $representations) {
      ... on Post {
        id
        commentCount
        comments(first: $first, after: $after) {
          edges { cursor node { id body author { id } replies(first: $replies) { edges { node { id body } } ${PAGE_INFO} } } }
          ${PAGE_INFO}
        }
      }
    }
  }
`;
export const COMMENT_REPLIES = /* GraphQL */ `
  query ($representations: [_Any!]!, $first: Int, $after: String) {
    _entities(representations: $representations) {
      ... on Comment { id replies(first: $first, after: $after) { edges { cursor node { id } } ${PAGE_INFO} } }
    }
  }
`;
export const COMMENT_ENTITIES = /* GraphQL */ `
  query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Comment { ${COMMENT_FIELDS} } } }
`;

export const postRefs = (ids: string[]) => ids.map((id) => ({ __typename: 'Post', id }));
export const commentRefs = (ids: string[]) => ids.map((id) => ({ __typename: 'Comment', id }));
