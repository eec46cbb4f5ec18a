/** The operations the tests send, as a client (or the gateway's query plan) would. */
export const NOTIFICATIONS = /* GraphQL */ `
  query ($first: Int, $after: String) {
    notifications(first: $first, after: $after) {
      edges { cursor node { id kind actor { id } post { id } comment { id } createdAt seen } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
`;
export const UNSEEN = /* GraphQL */ `query { unseenNotificationCount }`;
export const MARK_SEEN = /* GraphQL */ `mutation ($input: MarkSeenInput!) { markNotificationsSeen(input: $input) }`;
export const NOTIFICATION_ENTITIES = /* GraphQL */ `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) { ... on Notification { id kind actor { id } post { id } comment { id } seen } }
  }
`;
export const notificationRefs = (ids: string[]) => ids.map((id) => ({ __typename: 'Notification', id }));
export const MY_SETTINGS = /* GraphQL */ `query { mySettings { emailOnFollow emailOnComment emailOnReaction emailOnMention digest } }`;
export const UPDATE_SETTINGS = /* GraphQL */ `
  mutation ($input: UpdateSettingsInput!) { updateSettings(input: $input) { emailOnFollow emailOnComment emailOnReaction emailOnMention digest } }
`;
export const UNSUBSCRIBE = /* GraphQL */ `mutation ($input: UnsubscribeEmailInput!) { unsubscribeEmail(input: $input) }`;
