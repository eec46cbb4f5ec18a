const AUTH_PAYLOAD = 'accessToken refreshToken expiresAt user { id username email createdAt }';

export const OPERATIONS = {
  register: `mutation Register($input: RegisterInput!) { register(input: $input) { ${AUTH_PAYLOAD} } }`,
  login: `mutation Login($input: LoginInput!) { login(input: $input) { ${AUTH_PAYLOAD} } }`,
  refresh: `mutation Refresh($input: RefreshSessionInput!) { refreshSession(input: $input) { ${AUTH_PAYLOAD} } }`,
  logout: `mutation Logout($input: LogoutInput!) { logout(input: $input) }`,
  me: `query Me { me { id username email createdAt } }`,
  user: `query User($username: String!) { user(username: $username) { id username email createdAt } }`,
  entities: `query Entities($representations: [_Any!]!) { _entities(representations: $representations) { ... on User { id username createdAt } } }`,
} as const;

let counter = 0;
/** Test-data builder: a valid, unique registration. */
export function aRegistration(overrides: Partial<{ email: string; password: string; username: string }> = {}) {
  counter += 1;
  const tag = `${process.pid.toString(36)}_${counter}`;
  return { email: `user_${tag}@example.com`, password: 'correct horse battery', username: `user_${tag}`, ...overrides };
}
