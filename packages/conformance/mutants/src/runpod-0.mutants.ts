import { startRunPodFake } from '@atlas/runpod/testing';
import { afterAll } from 'vitest';
import { RUNPOD_MUTANTS } from './runpod-mutants.js';
import { describeRunPodMutants } from './runpod-target.js';

// One fake per shard (a worker runs its tests one at a time); jobs long enough for cancel to land.
const fake = await startRunPodFake({ jobDurationMs: 500 });
afterAll(() => fake.close());

describeRunPodMutants(
  fake,
  RUNPOD_MUTANTS.filter((_, i) => i % 2 === 0),
  true,
);
