import type { ComputeStatus } from '@atlas/core';
import type { ComputeRecord } from './compute-record.js';

export interface LogLine {
  readonly at: number;
  readonly line: string;
}

function linesFor(record: ComputeRecord, state: ComputeStatus): string[] {
  switch (state) {
    case 'provisioning':
      return [
        record.gpu === undefined
          ? `provisioning ${record.nativeType} (${record.vcpus} vCPU) in ${record.region}`
          : `provisioning ${record.gpuCount}x ${record.nativeType} in ${record.region}`,
        `pulling image ${record.image ?? record.templateId ?? '(template)'}`,
      ];
    case 'running':
      return ['container started'];
    case 'stopped':
      return ['container stopped'];
    case 'terminated':
      return ['compute terminated'];
    case 'failed':
      return ['compute failed: host lost'];
  }
}

/**
 * The log lines a compute has written by `now`, derived from its status history; the implied
 * provisioning -> running step appears at the moment the clock reached it.
 */
export function logLines(record: ComputeRecord, now: number, provisioningMs: number): LogLine[] {
  const lines: LogLine[] = [];
  const add = (at: number, state: ComputeStatus) => {
    for (const line of linesFor(record, state)) lines.push({ at, line: `${new Date(at).toISOString()} ${line}` });
  };
  record.history.forEach((entry, i) => {
    if (entry.at > now) return;
    add(entry.at, entry.state);
    const readyAt = entry.at + provisioningMs;
    const nextAt = record.history[i + 1]?.at ?? Number.POSITIVE_INFINITY;
    if (entry.state === 'provisioning' && readyAt <= now && readyAt <= nextAt) add(readyAt, 'running');
  });
  return lines;
}
