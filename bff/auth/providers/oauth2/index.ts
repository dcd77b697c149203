/** The generic `oauth2` dialect: what bff/auth needs to dock a provincial platform by configuration. */
export { createOAuth2Provider, type OAuth2Provider, type OAuth2ProviderOptions } from './provider.js';
export {
  oauth2ProfileSchema,
  describeProfileIssues,
  type OAuth2Profile,
  type OAuth2ProfileInput,
} from './profile-schema.js';
export { loadAuthProfile, parseAuthProfile, AuthProfileError, type ProfileOverrides } from './load-profile.js';
export { OAuth2PlatformError, OAuth2CallbackError } from './errors.js';
