/**
 * Loopback emulator of the Amazon IVS Chat control plane, for tests and local runs.
 * See README.md in this folder.
 */
export { startEmulator, IvsChatEmulatorServer } from './server';
export { pointSdkAt } from './environment';
export { ServiceError } from './errors';
export { IamRegistry, accessKeyIdOf } from './authorization';
export type { AuthorizationRecord, AuthorizationResult, RoleRegistration } from './authorization';
export { evaluate, wildcardMatch, statementsOf, KNOWN_CONDITION_KEYS } from './iam';
export type {
  AuthorizationRequest, Decision, Evaluation, PolicyDocument, PolicyStatement, RequestContext, RequestPrincipal,
} from './iam';
export { MESSAGING_ERROR_CODES, REVIEW_TIMEOUT_MS } from './messaging';
export { mulberry32 } from './faults';
export { DEFAULT_QUOTAS, LOGGING_CONFIGURATION_QUOTA, OPERATION_NAMES } from './types';
export type {
  CallRecord,
  ChatSession,
  ChatTokenCapability,
  CountFilter,
  DeliveredMessage,
  DestinationConfiguration,
  EmittedEvent,
  EmulatorLoggingConfiguration,
  EmulatorMessageReviewHandler,
  EmulatorMount,
  EmulatorOptions,
  EmulatorRoom,
  FaultKind,
  FaultOptions,
  FunctionInvoker,
  IssuedToken,
  IvsChatEmulator,
  LoggingConfigurationState,
  MessagingAction,
  MessagingRequest,
  OperationName,
  RefusedConnection,
  ReviewRecord,
} from './types';
