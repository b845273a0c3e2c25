export {
  createAddressPolicy,
  UrlNotAllowedError,
  type AddressPolicy,
  type AddressPolicyOptions,
  type AddressCheck,
  type AddressCategory,
  type Resolver,
} from './address-policy';
export {
  fetchFeed,
  parseRetryAfter,
  DEFAULT_USER_AGENT,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_MAX_REDIRECTS,
  type FetchFeedOptions,
  type FetchResult,
} from './feed-fetcher';
export { decodeFeedBody, FeedDecodeError } from './decode';
export { parseFeed, htmlToText, NotAFeedError, FeedParseError, type ParsedFeed, type FeedItem } from './feed-parser';
export { itemKey, keyItems, canonicalLink, contentHash, reportIdFor, uuidV5, type IdentityFields } from './item-identity';
