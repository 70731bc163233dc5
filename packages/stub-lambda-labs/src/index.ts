export {
  createLambdaLabs,
  LAMBDA_LABS_DOCS_URL,
  type LambdaLabsProvider,
  type LambdaLabsSettings,
  lambdaLabs,
} from './lambda-labs-provider.js';
export { VERSION } from './version.js';
