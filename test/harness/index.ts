/**
 * Offline deploy: drives the custom resources of a synthesized cloud assembly
 * through their bundled handlers against the loopback IVS Chat emulator.
 */
export { readAssembly, readStack, handlerAssetFile, functionAsset } from './assembly';
export type { AssemblyStack, FunctionAsset, TemplateResource } from './assembly';
export { OfflineStack } from './deployer';
export type { OfflineDeployOptions, OfflineFunction, OfflineFunctionInvoker, ResourceEvent, StackOperationResult } from './deployer';
