/**
 * Offline deploy: drives the custom resources of a synthesized cloud assembly
 * through their bundled handlers against the loopback IVS Chat emulator.
 */
export { readAssembly, readStack, handlerAssetFile } from './assembly';
export type { AssemblyStack, TemplateResource } from './assembly';
export { OfflineStack } from './deployer';
export type { OfflineDeployOptions, ResourceEvent, StackOperationResult } from './deployer';
