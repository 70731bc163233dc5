import type { ComputePort, PortProtocol, PortRequest } from '@atlas/core';

/** Env var holding each requested port with its protocol (`8000/http,22/tcp`): Vast keeps only numbers. */
export const PORTS_ENV = 'ATLAS_PORTS';

export function portsEnvValue(ports: readonly PortRequest[]): string {
  return ports.map((p) => `${p.port}/${p.protocol}`).join(',');
}

/** The requested ports read back from an instance's env: ATLAS_PORTS, else the `-p` keys as tcp. */
export function requestedPorts(env: ReadonlyMap<string, string>): { port: number; protocol: PortProtocol }[] {
  const declared = env.get(PORTS_ENV);
  if (declared !== undefined) {
    return declared.split(',').flatMap((entry) => {
      const [port, protocol] = entry.split('/');
      const n = Number(port);
      return Number.isInteger(n) && n > 0 ? [{ port: n, protocol: protocol === 'http' ? 'http' : 'tcp' }] : [];
    });
  }
  return [...env.keys()].flatMap((key) => {
    const match = /^-p\s+(?:\d+:)?(\d+)(?:\/tcp)?$/.exec(key.trim());
    return match ? [{ port: Number(match[1]), protocol: 'tcp' as const }] : [];
  });
}

/** Host port of a container port in the Docker-style map (`"8000/tcp": [{ HostPort: "41234" }]`). */
function hostPort(map: unknown, port: number): number | undefined {
  if (map === null || typeof map !== 'object' || Array.isArray(map)) return undefined;
  const bindings = (map as Record<string, unknown>)[`${port}/tcp`];
  if (!Array.isArray(bindings)) return undefined;
  for (const binding of bindings) {
    const value = Number((binding as { HostPort?: unknown } | null)?.HostPort);
    if (Number.isInteger(value) && value > 0 && value <= 65535) return value;
  }
  return undefined;
}

/** Requested ports with their public side once the instance runs: `http://ip:hostPort`, `tcp://ip:hostPort`. */
export function toComputePorts(
  requested: readonly { port: number; protocol: PortProtocol }[],
  portMap: unknown,
  publicIp: string | undefined,
): ComputePort[] {
  return requested.map(({ port, protocol }) => {
    const external = hostPort(portMap, port);
    if (external === undefined) return { internal: port, protocol };
    const url =
      publicIp === undefined ? undefined : `${protocol === 'http' ? 'http' : 'tcp'}://${publicIp}:${external}`;
    return { internal: port, external, protocol, ...(url === undefined ? {} : { url }) };
  });
}
