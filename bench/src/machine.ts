import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg, platform, release } from 'node:os';

export interface Machine {
  readonly nproc: number;
  readonly cpu: string;
  readonly node: string;
  readonly os: string;
  /** 1-minute load average when the run started: a busy machine explains a noisy run. */
  readonly loadAverage: number;
}

export function describeMachine(): Machine {
  let cpu = 'unknown';
  try {
    cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpu;
  } catch {
    // not Linux: the model stays unknown
  }
  return {
    nproc: availableParallelism(),
    cpu,
    node: process.version,
    os: `${platform()} ${release()}`,
    loadAverage: loadavg()[0] ?? 0,
  };
}
