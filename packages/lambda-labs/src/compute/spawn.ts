import {
  AtlasError,
  type AuthHandle,
  type CallContext,
  type Compute,
  type ComputeRequest,
  type CpuRequest,
  isAtlasError,
  mintToken,
} from '@atlas/core';
import { createOnce, type HttpClient, nativeGpuIds, newCreateMarker } from '@atlas/core/provider';
import { ListFileSystemsSchema } from '../api/file-systems.js';
import type { InstanceTypesEntry } from '../api/instance-types.js';
import { type Instance, type LaunchBody, LaunchResponseSchema } from '../api/instances.js';
import { LAMBDA_GPU_MAP } from '../gpu-map.js';
import { accountOf, lambdaHttp } from '../http.js';
import { PROVIDER_ID } from '../settings.js';
import { instanceToCompute } from '../translate/instance.js';
import { checkProviderOptions, toLaunchBody } from '../translate/launch-body.js';
import { cpuTypeNames, gpuTypeNames, type LaunchCandidate, launchCandidates } from '../translate/launch-plan.js';
import { MARKER_TAG, spawnTags, tagValue } from '../translate/tags.js';
import { MAX_USER_DATA_BYTES, toUserData } from '../translate/user-data.js';
import { listInstanceTypes } from './catalog.js';
import { createFirewall, deleteFirewall } from './firewall.js';
import { getInstance, listInstances } from './instances.js';
import { takeLaunchSlot } from './launch-limiter.js';
import { ensureAtlasKey } from './ssh-key.js';

/** Lambda's name limit; a longer name would be cut, and an owner stamp must survive whole. */
const MAX_NAME = 64;

/** What spawn needs beyond the request and the call's context: the provider's own settings. */
export interface SpawnOptions {
  readonly launchIntervalMs: number;
  readonly maxLaunchAttempts: number;
  /** The SSH key Atlas creates once per account when the call names none. */
  readonly sshKeyName: string;
  /** Atlas's key name by account, looked up or created once (one map per provider instance). */
  readonly atlasKeys: Map<string, Promise<string>>;
}

interface SpawnEnv extends SpawnOptions {
  readonly client: HttpClient;
  readonly ctx: CallContext;
  readonly account: string;
}

/**
 * Launches a VM that runs the image (the boundary validated the request and checkRequest ran):
 * a region with capacity, the instance's own firewall ruleset, then one launch per candidate,
 * never re-sent after an ambiguous failure (the per-attempt marker tag settles it).
 */
export async function spawnCompute(request: ComputeRequest, ctx: CallContext, options: SpawnOptions): Promise<Compute> {
  const client = lambdaHttp(ctx);
  const env: SpawnEnv = { ...options, client, ctx, account: accountOf(ctx) };
  const name = request.name ?? `atlas-${newCreateMarker()}`;

  const marker = ctx.idempotencyKey ? await markerFor(ctx.idempotencyKey) : newCreateMarker();
  if (ctx.idempotencyKey) {
    const earlier = await liveWithMarker(client, marker);
    if (earlier.length > 0) return adopt(earlier, marker, request);
  }

  const auth: AuthHandle | undefined = request.auth === 'bearer' ? await mintToken() : undefined;
  const mount =
    request.networkVolumeId === undefined ? undefined : await fileSystemMount(client, request.networkVolumeId);
  const userData = toUserData({
    image: request.image as string,
    env: { ...request.env, ...auth?.env },
    ports: request.ports,
    ...(mount === undefined ? {} : { volumeMountPoint: mount.mount.mount_point }),
  });
  if (new TextEncoder().encode(userData).length > MAX_USER_DATA_BYTES) {
    throw invalid(
      'env',
      `the image, env and ports make a cloud-init script over Lambda's ${MAX_USER_DATA_BYTES} bytes`,
    );
  }
  const catalog = await listInstanceTypes(ctx);
  const typeNames =
    request.cpu === undefined
      ? gpuTypeNames(nativeGpuIds(LAMBDA_GPU_MAP, request.gpu as string), request.gpuCount)
      : cpuTypeNames(catalog, request.cpu);
  if (typeNames.length === 0 && request.cpu !== undefined) throw noCpuFlavor(request.cpu, catalog);
  const candidates = launchCandidates(catalog, {
    typeNames,
    regionHints: request.regionHints,
    requiredRegion: mount?.region,
    minStorageGib: request.containerDiskGb,
  }).slice(0, env.maxLaunchAttempts);
  if (candidates.length === 0) throw noCapacity(request, [], mount?.region);

  const callersKey = request.providerOptions?.sshKeyName as string | undefined;
  const sshKeyName = callersKey ?? (await ensureAtlasKey(client, env.sshKeyName, env.atlasKeys, env.account));
  const tags = spawnTags({ marker, name, ports: request.ports, image: request.image });
  const tried: string[] = [];
  for (const candidate of candidates) {
    let instance: Instance | undefined;
    try {
      instance = await tryLaunch(env, candidate, {
        name,
        marker,
        request,
        sshKeyName,
        userData,
        tags,
        mount: mount?.mount,
      });
    } catch (error) {
      // Atlas's key was deleted from the account since it was looked up: the next spawn looks again.
      if (callersKey === undefined && isAtlasError(error) && error.kind === 'not_found')
        env.atlasKeys.delete(env.account);
      throw error;
    }
    if (instance !== undefined) {
      const compute = instanceToCompute(instance);
      return auth === undefined ? compute : { ...compute, auth };
    }
    tried.push(`${candidate.region} (${candidate.instanceType})`);
  }
  throw noCapacity(request, tried, mount?.region);
}

interface LaunchInput {
  readonly name: string;
  readonly marker: string;
  readonly request: ComputeRequest;
  readonly sshKeyName: string;
  readonly userData: string;
  readonly tags: LaunchBody['tags'];
  readonly mount: { mount_point: string; file_system_id: string } | undefined;
}

/** One launch; undefined when Lambda answered insufficient capacity (the next candidate is tried). */
async function tryLaunch(env: SpawnEnv, candidate: LaunchCandidate, input: LaunchInput): Promise<Instance | undefined> {
  const { client, ctx } = env;
  const firewallId =
    input.request.ports.length === 0
      ? undefined
      : await createFirewall(client, input.marker, candidate.region, input.request.ports);
  const body = toLaunchBody(
    {
      region: candidate.region,
      instanceType: candidate.instanceType,
      sshKeyName: input.sshKeyName,
      name: input.name,
      userData: input.userData,
      tags: input.tags ?? [],
      firewallRulesetId: firewallId,
      fileSystemMount: input.mount,
    },
    input.request.providerOptions,
  );
  await takeLaunchSlot(env.account, env.launchIntervalMs, ctx.signal);
  try {
    const id = await createOnce({
      provider: PROVIDER_ID,
      name: input.name,
      marker: input.marker,
      noun: 'instance',
      signal: ctx.signal,
      create: async () => {
        const { data } = await client.request({
          method: 'POST',
          path: 'instance-operations/launch',
          json: body,
          schema: LaunchResponseSchema,
        });
        const [launched] = data.instance_ids;
        if (launched === undefined) throw contract('the launch answered no instance id');
        return launched;
      },
      findByMarker: async (marker) => (await liveWithMarker(client, marker)).map((i) => i.id),
      idOf: (id) => id,
    });
    return await readBack(client, id, body, input.request.gpuCount);
  } catch (error) {
    // Only a clear refusal (a 4xx) proves no VM holds the ruleset; after anything else it stays for terminate.
    const clearRefusal = isAtlasError(error) && error.details?.possiblyCreated !== true && (error.status ?? 0) < 500;
    if (firewallId !== undefined && clearRefusal) await deleteFirewall(client, firewallId);
    if (isAtlasError(error) && error.kind === 'capacity' && clearRefusal) return undefined;
    throw error;
  }
}

/**
 * The launched instance as Lambda describes it. Launch answers only ids, so the VM is read back;
 * if that read fails the spawn still succeeded, so the Compute is built from what was sent.
 */
async function readBack(client: HttpClient, id: string, body: LaunchBody, gpus: number): Promise<Instance> {
  try {
    return await getInstance(client, id);
  } catch {
    return {
      id,
      name: body.name ?? null,
      status: 'booting',
      ssh_key_names: body.ssh_key_names,
      file_system_names: [],
      region: { name: body.region_name },
      instance_type: {
        name: body.instance_type_name,
        price_cents_per_hour: 0,
        specs: { vcpus: 0, memory_gib: 0, storage_gib: 0, gpus },
      },
      tags: body.tags ?? [],
    };
  }
}

async function liveWithMarker(client: HttpClient, marker: string): Promise<Instance[]> {
  return (await listInstances(client)).filter(
    (i) => tagValue(i.tags, MARKER_TAG) === marker && i.status !== 'terminated' && i.status !== 'terminating',
  );
}

/**
 * A spawn repeated with the same idempotency key returns the instance the first one made. Its
 * bearer token lives only in that VM's user_data, which Lambda never returns: no handle can be rebuilt.
 */
function adopt(found: readonly Instance[], marker: string, request: ComputeRequest): Compute {
  if (found.length > 1) {
    throw new AtlasError({
      kind: 'conflict',
      provider: PROVIDER_ID,
      message: `${PROVIDER_ID}: ${found.length} instances carry the idempotency marker ${marker} (${found.map((i) => i.id).join(', ')}); terminate the extra ones.`,
      retryable: false,
    });
  }
  const instance = found[0] as Instance;
  if (request.auth === 'bearer') {
    throw new AtlasError({
      kind: 'conflict',
      provider: PROVIDER_ID,
      message:
        `${PROVIDER_ID}: instance '${instance.id}' already answers this idempotency key, but its bearer token lives only in the VM ` +
        '(Lambda never returns user_data), so no handle can be rebuilt. Terminate it, or spawn with another key.',
      retryable: false,
    });
  }
  return instanceToCompute(instance);
}

/** The marker of an idempotency key: the key itself when it fits a tag value, else its SHA-256. */
async function markerFor(idempotencyKey: string): Promise<string> {
  if (idempotencyKey.length <= 100) return `key:${idempotencyKey}`;
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(idempotencyKey));
  return `key-sha256:${Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

async function fileSystemMount(
  client: HttpClient,
  id: string,
): Promise<{ region: string; mount: { mount_point: string; file_system_id: string } }> {
  const { data } = await client.request({ method: 'GET', path: 'file-systems', schema: ListFileSystemsSchema });
  const found = data.find((fs) => fs.id === id);
  if (found === undefined) {
    throw new AtlasError({
      kind: 'not_found',
      provider: PROVIDER_ID,
      message: `${PROVIDER_ID}: no filesystem with id '${id}' on this account (networkVolumeId); list them with fileSystems.list().`,
      issues: [{ path: 'networkVolumeId', message: 'no such filesystem' }],
    });
  }
  return { region: found.region.name, mount: { mount_point: `/lambda/nfs/${found.name}`, file_system_id: found.id } };
}

/** What Lambda cannot do, refused before any request (defineProvider's checkRequest). */
export function checkRequest(request: ComputeRequest): void {
  const unsupported = (path: string, message: string) =>
    new AtlasError({
      kind: 'unsupported',
      provider: PROVIDER_ID,
      message: `${PROVIDER_ID}: ${message}`,
      issues: [{ path, message }],
    });
  if (request.spot === true) throw unsupported('spot', 'Lambda offers no spot launch; spawn without `spot: true`.');
  if (request.cloudType === 'community') {
    throw unsupported('cloudType', "Lambda runs only its own data centers; use cloudType 'secure' or 'any'.");
  }
  if (request.auth === 'signed_url') {
    throw unsupported('auth', "Lambda has no proxy to check signed URLs; use auth 'bearer', or sign URLs yourself.");
  }
  if (request.templateId !== undefined) throw unsupported('templateId', 'Lambda has no templates; pass an image.');
  if ((request.volumeGb ?? 0) > 0) {
    throw unsupported(
      'volumeGb',
      'Lambda VMs have a fixed local disk; mount a filesystem with networkVolumeId instead.',
    );
  }
  if (request.name !== undefined && request.name.length > MAX_NAME) {
    throw invalid(
      'name',
      `must be at most ${MAX_NAME} characters on Lambda (it is never cut, so owner stamps survive)`,
    );
  }
  checkProviderOptions(request.providerOptions);
}

function noCapacity(request: ComputeRequest, tried: readonly string[], requiredRegion: string | undefined): AtlasError {
  const what =
    request.cpu === undefined ? `${request.gpuCount}x ${request.gpu}` : `a CPU machine (${request.cpu.vcpus} vCPUs)`;
  const where =
    tried.length > 0
      ? `every launch answered insufficient capacity; regions tried: ${tried.join(', ')}`
      : `no region reports capacity${request.regionHints?.length ? ` among ${request.regionHints.join(', ')}` : ''}${requiredRegion === undefined ? '' : ` in ${requiredRegion} (the filesystem's region)`}`;
  return new AtlasError({
    kind: 'capacity',
    provider: PROVIDER_ID,
    message: `${PROVIDER_ID}: no capacity for ${what}: ${where}. Try another GPU, count or region, or retry later.`,
    retryable: true,
    details: { regionsTried: tried.map((t) => t.split(' ')[0]) },
  });
}

function noCpuFlavor(cpu: CpuRequest, catalog: Readonly<Record<string, InstanceTypesEntry>>): AtlasError {
  const flavors = Object.values(catalog)
    .map((entry) => entry.instance_type)
    .filter((type) => type.specs.gpus === 0)
    .map((type) => `${type.name} (${type.specs.vcpus} vCPUs, ${type.specs.memory_gib} GiB)`);
  const wanted = cpu.flavor ?? `${cpu.vcpus} vCPUs${cpu.memoryGb === undefined ? '' : `, ${cpu.memoryGb} GB`}`;
  return new AtlasError({
    kind: 'unsupported',
    provider: PROVIDER_ID,
    message: `${PROVIDER_ID}: no CPU flavor fits ${wanted}. Lambda's CPU flavors: ${flavors.join(', ') || 'none'}.`,
    issues: [{ path: cpu.flavor === undefined ? 'cpu.vcpus' : 'cpu.flavor', message: 'no Lambda CPU flavor fits' }],
  });
}

function invalid(path: string, message: string): AtlasError {
  return new AtlasError({
    kind: 'validation',
    provider: PROVIDER_ID,
    message: `Invalid compute request: ${path}: ${message}`,
    issues: [{ path, message }],
  });
}

function contract(message: string): AtlasError {
  return new AtlasError({ kind: 'contract', provider: PROVIDER_ID, message: `${PROVIDER_ID}: ${message}` });
}
