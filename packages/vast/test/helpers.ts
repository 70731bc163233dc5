import { type AtlasError, isAtlasError } from '@atlas/core';
import { expect } from 'vitest';
import { createVast, type VastSettings } from '../src/index.js';

export const BASE = 'https://console.vast.ai';
export const KEY = 'vast_test_key_0123456789abcdef';

export { useNock } from '@atlas/test-kit';

/** A provider that never retries and never waits (each mock answers exactly one request) unless told otherwise. */
export function provider(settings: VastSettings = {}) {
  return createVast({ apiKey: KEY, retry: { limit: 0 }, minIntervalMs: 0, ...settings });
}

/** An offer as `POST /bundles/` returns it (fields of the spec's example), with overrides. */
export function offer(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 1001,
    ask_contract_id: 1001,
    machine_id: 88888,
    host_id: 55555,
    gpu_name: 'RTX 4090',
    num_gpus: 1,
    gpu_ram: 24564,
    dph_total: 0.4,
    dph_base: 0.38,
    min_bid: 0.2,
    reliability: 0.99,
    reliability2: 0.99,
    verification: 'verified',
    rentable: true,
    rented: false,
    geolocation: 'Texas, US',
    public_ipaddr: '203.0.113.42',
    direct_port_count: 40,
    disk_space: 500,
    ...overrides,
  };
}

/** An instance as `GET /api/v0/instances/{id}/` returns it, with overrides. */
export function instance(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 31337,
    actual_status: 'running',
    intended_status: 'running',
    cur_state: 'running',
    next_state: 'running',
    label: 'my-box #atlas:r-0123456789abcdef',
    image_uuid: 'vastai/pytorch:2.4',
    image_runtype: 'ssh_direct',
    extra_env: [
      ['HF_TOKEN', 'hf_super_secret_value'],
      ['-p 8000:8000', '1'],
      ['-p 22:22', '1'],
      ['ATLAS_PORTS', '8000/http,22/tcp'],
    ],
    jupyter_token: 'jupyter-token-abcdef0123456789',
    public_ipaddr: '203.0.113.42',
    ssh_host: 'ssh4.vast.ai',
    ssh_port: 12345,
    machine_id: 88888,
    host_id: 55555,
    gpu_name: 'RTX 4090',
    gpu_ram: 24564,
    num_gpus: 1,
    dph_total: 0.4,
    is_bid: false,
    start_date: 1_780_000_000.5,
    geolocation: 'Texas, US',
    ports: {
      '8000/tcp': [{ HostIp: '0.0.0.0', HostPort: '41000' }],
      '22/tcp': [{ HostIp: '0.0.0.0', HostPort: '41001' }],
    },
    ...overrides,
  };
}

/** The rejection of a call, asserted to be an AtlasError. */
export async function rejection(call: () => Promise<unknown>): Promise<AtlasError> {
  try {
    await call();
  } catch (error) {
    expect(isAtlasError(error), `expected an AtlasError, got ${String(error)}`).toBe(true);
    return error as AtlasError;
  }
  throw new Error('expected the call to reject');
}
