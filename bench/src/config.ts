/** Iteration counts: the full run stays within a few minutes on 2 cores, smoke within ~20 s. */
export interface BenchConfig {
  readonly smoke: boolean;
  readonly warmUp: number;
  /** Figure 1 latency: alternating blocks. */
  readonly latencyRounds: number;
  readonly latencyPerRound: number;
  /** Figure 1 throughput: calls per measurement at each concurrency, and alternating rounds. */
  readonly throughputTotal: number;
  readonly throughputRounds: number;
  /** Figure 2: job durations on the fake's worker, jobs per duration and side, ms between starts. */
  readonly jobDurationsMs: readonly number[];
  readonly jobSamples: number;
  readonly jobStaggerMs: number;
  /** Figure 3: pods in the list, listCompute calls per block, blocks. */
  readonly listPods: number;
  readonly listRounds: number;
  readonly listPerRound: number;
  /** Figure 4: calls in the burst, the fake's requests per second, repeated bursts. */
  readonly burstCalls: number;
  readonly burstRps: number;
  readonly burstRepeats: number;
  /** Figure 5: child processes per import target. */
  readonly importRuns: number;
  /** Figure 6: objects held. */
  readonly heldObjects: number;
  /** Figure 8: nominal provisioning times, pods per time, and the spread of their provisioning times. */
  readonly readyProvisioningMs: readonly number[];
  readonly readySamples: number;
  readonly readySpreadMs: number;
  /** Calls made with a per-call signal under a long-lived createAtlas signal (figure 7). */
  readonly signalCalls: number;
  /** Placements measured in figure 9 (each against a direct spawn). */
  readonly placementRounds: number;
}

export const FULL: BenchConfig = {
  smoke: false,
  warmUp: 300,
  latencyRounds: 10,
  latencyPerRound: 300,
  throughputTotal: 3000,
  throughputRounds: 5,
  jobDurationsMs: [300, 1000, 3000],
  jobSamples: 20,
  jobStaggerMs: 100,
  listPods: 10_000,
  listRounds: 4,
  listPerRound: 2,
  burstCalls: 1000,
  burstRps: 500,
  burstRepeats: 3,
  importRuns: 15,
  heldObjects: 10_000,
  signalCalls: 1_000_000,
  placementRounds: 20,
  readyProvisioningMs: [1000, 5000, 30_000],
  readySamples: 5,
  readySpreadMs: 2000,
};

export const SMOKE: BenchConfig = {
  smoke: true,
  warmUp: 10,
  latencyRounds: 2,
  latencyPerRound: 10,
  throughputTotal: 64,
  throughputRounds: 1,
  jobDurationsMs: [30, 100],
  jobSamples: 3,
  jobStaggerMs: 20,
  listPods: 500,
  listRounds: 2,
  listPerRound: 1,
  burstCalls: 100,
  burstRps: 100,
  burstRepeats: 1,
  importRuns: 2,
  heldObjects: 500,
  signalCalls: 2_000,
  placementRounds: 2,
  readyProvisioningMs: [100, 300],
  readySamples: 2,
  readySpreadMs: 100,
};
