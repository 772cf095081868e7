/**
 * Offline deploy: drives the custom resources of a synthesized cloud assembly
 * through their bundled handlers against the loopback IVS Chat emulator.
 */
export { readAssembly, readStack, handlerAssetFile, functionAsset, customResourceFunctions } from './assembly';
export type { AssemblyStack, FunctionAsset, TemplateResource } from './assembly';
export { OfflineStack } from './deployer';
export type {
  LogDelivery, OfflineDeployOptions, OfflineFunction, OfflineFunctionInvoker, ResourceEvent, RoleCredentials, StackOperationResult,
} from './deployer';
export { functionResourcePolicy, functionUrls, identityPolicies, roleOfFunction } from './iam-template';
export type { SourcedPolicy, TemplateFunctionUrl } from './iam-template';
