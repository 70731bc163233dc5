export { describeStoreConformance, type StoreConformanceOptions, type StoreFactory } from './store-conformance.js';
