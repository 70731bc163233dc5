/**
 * `@atlas/create-provider`: run it as `npm create @atlas/provider@latest <directory>`. The module
 * also exposes the generator, for tools that want to create provider packages themselves.
 */
export { answerProblems, generateProvider, type ProviderAnswers } from './generate.js';
export { type Io, main } from './main.js';
export { detectPackageManager, type PackageManager } from './package-manager.js';
export {
  baseUrlProblem,
  envVarProblem,
  GENERATED_CAPABILITIES,
  type GeneratedCapability,
  packageNameProblem,
  parseCapabilities,
  providerIdProblem,
} from './validate.js';
export { VERSION } from './version.js';
