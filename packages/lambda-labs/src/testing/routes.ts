import type { FaultOperation } from '@atlas/core/testing';
import type { FakeResponse } from '@atlas/fake-kit';
import type { FakeState } from './fake-state.js';
import { data, lambdaError } from './http-io.js';
import {
  fileSystemProblems,
  instanceIdsProblems,
  launchProblems,
  rulesetProblems,
  sshKeyProblems,
} from './request-checks.js';

export interface RouteContext {
  readonly params: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly state: FakeState;
}

export interface Route {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Under /api/v1; `{name}` segments become params (`Router` of `@atlas/fake-kit`). */
  readonly pattern: string;
  readonly operation?: FaultOperation;
  /** Problems of the body; any makes a 400 global/invalid-parameters before the handler runs. */
  readonly check?: (body: unknown) => string[];
  readonly handle: (ctx: RouteContext) => FakeResponse;
}

const notFound = (what: string) =>
  lambdaError(404, 'global/object-does-not-exist', `Specified ${what} does not exist.`, 'Check the id and try again.');

type Body = Record<string, unknown>;

/** The Lambda Cloud API v1 (openapi-1.8.3.json), the endpoints Atlas uses. */
export const ROUTES: readonly Route[] = [
  {
    method: 'GET',
    pattern: '/instance-types',
    handle: ({ state }) => data(state.instanceTypesView()),
  },
  {
    method: 'GET',
    pattern: '/instances',
    operation: 'listCompute',
    // "Retrieves a list of your running instances": a terminated one is gone from the list.
    handle: ({ state }) =>
      data(
        [...state.instances.values()].filter((i) => state.status(i) !== 'terminated').map((i) => state.instanceView(i)),
      ),
  },
  {
    method: 'GET',
    pattern: '/instances/{id}',
    operation: 'getCompute',
    handle: ({ state, params }) => {
      const instance = state.find(params.id as string);
      return instance === undefined ? notFound('instance') : data(state.instanceView(instance));
    },
  },
  {
    method: 'POST',
    pattern: '/instance-operations/launch',
    operation: 'spawnCompute',
    check: launchProblems,
    handle: ({ state, body }) => launch(state, body as Body),
  },
  {
    method: 'POST',
    pattern: '/instance-operations/terminate',
    operation: 'terminate',
    check: instanceIdsProblems,
    handle: ({ state, body }) => {
      const ids = (body as { instance_ids: string[] }).instance_ids;
      const found = ids.map((instanceId) => state.find(instanceId));
      // A terminated instance cannot be terminated again: Lambda no longer knows it as running.
      if (found.some((i) => i === undefined || state.status(i) === 'terminated')) return notFound('instance');
      const now = Date.now();
      for (const instance of found) if (instance) instance.terminatedAt ??= now;
      return data({ terminated_instances: found.map((i) => i && state.instanceView(i)) });
    },
  },
  {
    method: 'POST',
    pattern: '/instance-operations/restart',
    check: instanceIdsProblems,
    handle: ({ state, body }) => {
      const found = (body as { instance_ids: string[] }).instance_ids.map((instanceId) => state.find(instanceId));
      if (found.some((i) => i === undefined || state.status(i) !== 'active')) return notFound('instance');
      return data({ restarted_instances: found.map((i) => i && state.instanceView(i)) });
    },
  },
  {
    method: 'GET',
    pattern: '/ssh-keys',
    handle: ({ state }) => data([...state.sshKeys.values()].map((k) => state.sshKeyView(k))),
  },
  {
    method: 'POST',
    pattern: '/ssh-keys',
    check: sshKeyProblems,
    handle: ({ state, body }) => {
      const { name, public_key: publicKey } = body as { name: string; public_key?: string };
      if ([...state.sshKeys.values()].some((k) => k.name === name)) {
        return lambdaError(400, 'global/duplicate', `An SSH key named '${name}' already exists.`);
      }
      if (publicKey !== undefined) return data(state.sshKeyView(state.addSshKey(name, publicKey)));
      // Lambda generates the pair and returns the private half once.
      const key = state.addSshKey(name, `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${name.length}fake ${name}`);
      return data({
        ...state.sshKeyView(key),
        private_key: `-----BEGIN OPENSSH PRIVATE KEY-----\nfake-private-${key.id}\n-----END OPENSSH PRIVATE KEY-----\n`,
      });
    },
  },
  {
    method: 'DELETE',
    pattern: '/ssh-keys/{id}',
    handle: ({ state, params }) => {
      if (!state.sshKeys.delete(params.id as string)) {
        return lambdaError(400, 'global/invalid-parameters', 'Specified SSH key does not exist.');
      }
      return data({});
    },
  },
  {
    method: 'GET',
    pattern: '/file-systems',
    handle: ({ state }) => data([...state.fileSystems.values()].map((fs) => state.fileSystemView(fs))),
  },
  {
    method: 'POST',
    pattern: '/filesystems',
    check: fileSystemProblems,
    handle: ({ state, body }) => {
      const { name, region } = body as { name: string; region: string };
      if ([...state.fileSystems.values()].some((fs) => fs.name === name)) {
        return lambdaError(400, 'global/duplicate', `A filesystem named '${name}' already exists.`);
      }
      return data(state.fileSystemView(state.addFileSystem(name, region)));
    },
  },
  {
    method: 'DELETE',
    pattern: '/filesystems/{id}',
    handle: ({ state, params }) => {
      const fsId = params.id as string;
      if (!state.fileSystems.has(fsId)) {
        return lambdaError(404, 'global/object-does-not-exist', 'Filesystem was not found.');
      }
      if (state.fileSystemInUse(fsId)) {
        return lambdaError(400, 'filesystems/filesystem-in-use', 'Filesystem is in use by an instance.');
      }
      state.fileSystems.delete(fsId);
      return data({ deleted_ids: [fsId] });
    },
  },
  {
    method: 'GET',
    pattern: '/images',
    handle: ({ state }) => data(state.imagesView()),
  },
  {
    method: 'GET',
    pattern: '/firewall-rulesets',
    handle: ({ state }) => data([...state.rulesets.values()].map((r) => state.rulesetView(r))),
  },
  {
    method: 'POST',
    pattern: '/firewall-rulesets',
    check: rulesetProblems,
    handle: ({ state, body }) => {
      const { name, region, rules } = body as { name: string; region: string; rules: unknown[] };
      return data(state.rulesetView(state.addRuleset(name, region, rules)));
    },
  },
  {
    method: 'GET',
    pattern: '/firewall-rulesets/{id}',
    handle: ({ state, params }) => {
      const ruleset = state.rulesets.get(params.id as string);
      return ruleset === undefined ? rulesetNotFound() : data(state.rulesetView(ruleset));
    },
  },
  {
    method: 'DELETE',
    pattern: '/firewall-rulesets/{id}',
    handle: ({ state, params }) => {
      const rulesetId = params.id as string;
      if (!state.rulesets.has(rulesetId)) return rulesetNotFound();
      if (state.rulesetUsers(rulesetId).length > 0) {
        return lambdaError(
          400,
          'firewall-rulesets/firewall-ruleset-in-use',
          'Firewall ruleset is in use by one or more instances.',
          'Terminate all instances that are using the ruleset before deleting it.',
        );
      }
      state.rulesets.delete(rulesetId);
      return data({});
    },
  },
];

function rulesetNotFound(): FakeResponse {
  return lambdaError(404, 'firewall-rulesets/firewall-ruleset-not-found', 'Firewall ruleset was not found.');
}

function launch(state: FakeState, body: Body): FakeResponse {
  const type = state.type(body.instance_type_name as string);
  if (type === undefined) return notFound('instance type');
  const keyName = (body.ssh_key_names as string[])[0];
  if (![...state.sshKeys.values()].some((k) => k.name === keyName)) return notFound('SSH key');
  const region = body.region_name as string;
  const rulesetIds = ((body.firewall_rulesets as { id: string }[] | undefined) ?? []).map((r) => r.id);
  for (const rulesetId of rulesetIds) {
    const ruleset = state.rulesets.get(rulesetId);
    if (ruleset === undefined) return notFound('firewall ruleset');
    if (ruleset.region !== region) {
      return lambdaError(400, 'global/invalid-parameters', 'The firewall ruleset is in another region.');
    }
  }
  const mounts = (body.file_system_mounts as { mount_point: string; file_system_id: string }[] | undefined) ?? [];
  const names = (body.file_system_names as string[] | undefined) ?? [];
  const fileSystems = [...state.fileSystems.values()];
  for (const mount of mounts) {
    const fs = state.fileSystems.get(mount.file_system_id);
    if (fs === undefined) return notFound('filesystem');
    if (fs.region !== region) {
      return lambdaError(
        400,
        'instance-operations/launch/file-system-in-wrong-region',
        'The filesystem is in another region.',
      );
    }
  }
  for (const name of names) if (!fileSystems.some((fs) => fs.name === name)) return notFound('filesystem');
  if (!(state.capacity.get(type.name)?.has(region) ?? false)) {
    return lambdaError(
      400,
      'instance-operations/launch/insufficient-capacity',
      'Not enough capacity to fulfill launch request.',
      'Choose an instance type with more availability, or try again later.',
    );
  }
  const instance = state.launch({
    name: body.name as string | undefined,
    region,
    type,
    sshKeyNames: [keyName as string],
    fileSystemNames: [
      ...names,
      ...mounts.flatMap((m) => {
        const fs = state.fileSystems.get(m.file_system_id);
        return fs ? [fs.name] : [];
      }),
    ],
    fileSystemMounts: mounts,
    tags: (body.tags as { key: string; value: string }[] | undefined) ?? [],
    firewallRulesetIds: rulesetIds,
    hostname: body.hostname as string | undefined,
    userData: body.user_data as string | undefined,
  });
  return data({ instance_ids: [instance.id] });
}
