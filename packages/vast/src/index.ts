import { createVast } from './vast-provider.js';

export type { ChargeType } from './api/charges.js';
export type { Filter, FilterOp, Offer, SearchOffersBody } from './api/offers.js';
export type { SshKey } from './api/ssh-keys.js';
export type { ChargesQuery } from './extras/billing-query.js';
export type { VastSshConnection } from './extras/ssh.js';
export { VAST_GPU_MAP } from './gpu-map.js';
export type { VastProviderOptions } from './provider-options.js';
export type { VastEndpoint, VastSettings } from './settings.js';
export type { VastCharge } from './translate/charges.js';
export { createVast, VAST_CAPABILITIES, type VastProvider } from './vast-provider.js';
export { VERSION } from './version.js';

/** The default instance: settings from nothing, the key from VAST_API_KEY at call time. */
export const vast = createVast();
