/**
 * Loopback emulator of the Amazon IVS Chat control plane, for tests and local runs.
 * See README.md in this folder.
 */
export { startEmulator, IvsChatEmulatorServer } from './server';
export { ServiceError } from './errors';
export { mulberry32 } from './faults';
export { DEFAULT_QUOTAS, LOGGING_CONFIGURATION_QUOTA, OPERATION_NAMES } from './types';
export type {
  CallRecord,
  ChatTokenCapability,
  CountFilter,
  DestinationConfiguration,
  EmittedEvent,
  EmulatorLoggingConfiguration,
  EmulatorMessageReviewHandler,
  EmulatorOptions,
  EmulatorRoom,
  FaultKind,
  FaultOptions,
  IssuedToken,
  IvsChatEmulator,
  LoggingConfigurationState,
  OperationName,
} from './types';
