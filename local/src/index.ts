/**
 * cdk-ivs-chat-local: Amazon IVS Chat on this machine for apps built with cdk-ivs-chat. The
 * command (`cli.ts`) deploys a cloud assembly with `startLocal`; the emulator and the offline
 * deploy it is made of are exported for tests.
 */
export * from './emulator';
export * from './harness';
export { DEFAULT_PORT, LocalError, startLocal } from './local-app';
export { incomplete, watchAssembly } from './watch';
export type { AssemblyWatch, WatchOptions } from './watch';
export type { LocalApp, LocalOptions, LocalRoom, LocalRoomChange, LocalStack, LocalStackUpdate, LocalUpdate } from './local-app';
export { developmentClaims, developmentToken, parseAuthorization } from './dev-identity';
export type { DevelopmentClaims, DevelopmentUser, ParsedAuthorization } from './dev-identity';
export { ISSUER_PATH_PREFIX } from './issuer-front';
export type { LocalIssuer } from './issuer-front';
export { PAGE_PATH, PAGE_HISTORY, pageMount, pageState } from './page';
export type { PageSource, PageStack, PageState } from './page';
