import { createLambdaLabs } from './lambda-labs-provider.js';

export type { CreateFileSystemInput, FileSystem } from './api/file-systems.js';
export type { Image } from './api/images.js';
export type { AddSshKeyInput, SshKey } from './api/ssh-keys.js';
export type { FileSystemsApi } from './extras/file-systems.js';
export type { SshKeysApi } from './extras/ssh-keys.js';
export { LAMBDA_GPU_MAP } from './gpu-map.js';
export { createLambdaLabs, LAMBDA_LABS_CAPABILITIES, type LambdaLabsProvider } from './lambda-labs-provider.js';
export type { LambdaLabsSettings } from './settings.js';
export { VERSION } from './version.js';

/** The default instance: settings from nothing, the key from LAMBDA_API_KEY at call time. */
export const lambdaLabs = createLambdaLabs();
