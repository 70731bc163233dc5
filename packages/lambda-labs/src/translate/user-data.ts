import type { PortRequest } from '@atlas/core';

/** Lambda's limit on user_data. */
export const MAX_USER_DATA_BYTES = 1_000_000;
/** Where the container sees a mounted filesystem (RunPod's convention, so images move between clouds). */
export const CONTAINER_VOLUME_PATH = '/workspace';

export interface UserDataParts {
  readonly image: string;
  /** Every env value the container gets, ATLAS_PRESHARED_KEY included. */
  readonly env: Readonly<Record<string, string>>;
  readonly ports: readonly PortRequest[];
  /** A filesystem's mount point on the VM, bound to /workspace in the container. */
  readonly volumeMountPoint?: string;
}

/**
 * The cloud-init script a Lambda VM runs on first boot: install Docker if the OS image lacks it
 * (Lambda Stack ships Docker and the NVIDIA container toolkit), then run the image on the host
 * network with every GPU, so each requested port is the VM's own port. Env values are written to
 * a root-only file in base64 and handed to `docker run` by name (`-e KEY`), so they never appear
 * on a command line, in `ps`, or in this script as plain text.
 */
export function toUserData(parts: UserDataParts): string {
  const envFile = Object.entries(parts.env)
    .map(([key, value]) => `export ${key}=${shellQuote(value)}\n`)
    .join('');
  const envFlags = Object.keys(parts.env)
    .map((key) => ` -e ${key}`)
    .join('');
  const volume =
    parts.volumeMountPoint === undefined ? '' : ` -v ${shellQuote(parts.volumeMountPoint)}:${CONTAINER_VOLUME_PATH}`;
  const image = shellQuote(parts.image);
  return [
    '#!/bin/bash',
    `# Atlas: runs ${parts.image.replace(/[\r\n]/g, ' ')} (ports ${parts.ports.map((p) => p.port).join(', ') || 'none'})`,
    'set -euo pipefail',
    'if ! command -v docker >/dev/null 2>&1; then curl -fsSL https://get.docker.com | sh; fi',
    'systemctl enable --now docker',
    'install -d -m 700 /etc/atlas',
    `printf '%s' ${shellQuote(toBase64(envFile))} | base64 -d > /etc/atlas/env`,
    'chmod 600 /etc/atlas/env',
    'set -a; . /etc/atlas/env; set +a',
    'GPUS=""; if command -v nvidia-smi >/dev/null 2>&1; then GPUS="--gpus all"; fi',
    `docker pull ${image}`,
    `docker run -d --name atlas --restart unless-stopped --network host $GPUS${envFlags}${volume} ${image}`,
    '',
  ].join('\n');
}

/** POSIX single quotes: everything literal, a quote written as '\''. */
function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

function toBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
