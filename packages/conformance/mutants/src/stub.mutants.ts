import { describeStubMutants } from './stub-mutants.js';

describeStubMutants(true);
