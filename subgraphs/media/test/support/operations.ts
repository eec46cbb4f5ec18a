/** The operations the integration tests send, as a gateway query plan would. */
export const ITEM_FIELDS = 'id kind status contentType byteSize width height caption url thumbnailUrl failureReason filename owner { id }';

export const MEDIA_ITEM = /* GraphQL */ `query ($id: ID!) { mediaItem(id: $id) { ${ITEM_FIELDS} } }`;

export const POST_ATTACHMENTS = /* GraphQL */ `
  query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Post { id attachments { ${ITEM_FIELDS} } } } }
`;

export const USER_MEDIA = /* GraphQL */ `
  query ($representations: [_Any!]!, $first: Int, $after: String) {
    _entities(representations: $representations) {
      ... on User {
        id
        avatar { id url }
        banner { id url }
        albums(first: $first, after: $after) {
          edges { cursor node { id title visibility cover { id } items(first: 10) { edges { node { id } } pageInfo { hasNextPage } } } }
          pageInfo { hasNextPage endCursor }
        }
      }
    }
  }
`;

export const ALBUM = /* GraphQL */ `
  query ($id: ID!, $first: Int, $after: String) {
    album(id: $id) { id title visibility owner { id } cover { id } items(first: $first, after: $after) { edges { cursor node { id url } } pageInfo { hasNextPage endCursor } } }
  }
`;

export const CREATE_ALBUM = /* GraphQL */ `mutation ($input: CreateAlbumInput!) { createAlbum(input: $input) { id title visibility cover { id } } }`;
export const ADD_TO_ALBUM = /* GraphQL */ `mutation ($input: AlbumItemInput!) { addToAlbum(input: $input) { id cover { id } items { edges { node { id } } } } }`;
export const REMOVE_FROM_ALBUM = /* GraphQL */ `mutation ($input: AlbumItemInput!) { removeFromAlbum(input: $input) { id cover { id } } }`;
export const DELETE_ALBUM = /* GraphQL */ `mutation ($input: AlbumRefInput!) { deleteAlbum(input: $input) }`;
export const SET_AVATAR = /* GraphQL */ `mutation ($input: MediaRefInput!) { setAvatar(input: $input) { id avatar { id url } } }`;
export const SET_BANNER = /* GraphQL */ `mutation ($input: MediaRefInput!) { setBanner(input: $input) { id banner { id } } }`;
export const DELETE_MEDIA = /* GraphQL */ `mutation ($input: MediaRefInput!) { deleteMedia(input: $input) }`;
export const SET_CAPTION = /* GraphQL */ `mutation ($input: SetMediaCaptionInput!) { setMediaCaption(input: $input) { id caption } }`;

export const postRefs = (ids: readonly string[]) => ids.map((id) => ({ __typename: 'Post', id }));
export const userRefs = (ids: readonly string[]) => ids.map((id) => ({ __typename: 'User', id }));
export const itemRefs = (ids: readonly string[]) => ids.map((id) => ({ __typename: 'MediaItem', id }));
