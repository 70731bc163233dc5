import { FAKE_REGIONS } from './catalog-data.js';

/**
 * The launch body's rules from openapi-1.8.3.json (`InstanceLaunchRequest`), as the real API
 * enforces them with `global/invalid-parameters`. Returns the problems, empty when valid.
 */
const TAG_KEY = /^[a-z][a-z0-9-:]+$/;
const HOSTNAME = /^[a-z0-9][0-9a-z-]{0,62}$/;
const MOUNT_POINT = /^(\/home|\/lambda\/nfs|\/data)[/a-zA-Z0-9-]*$/;
const FS_NAME = /^[a-zA-Z]+[0-9a-zA-Z-]*$/;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';

export function launchProblems(body: unknown): string[] {
  if (!isObject(body)) return ['body: must be an object'];
  const problems: string[] = [];
  if (!isString(body.region_name) || !Object.hasOwn(FAKE_REGIONS, body.region_name)) {
    problems.push('region_name: must be a Lambda region code');
  }
  if (!isString(body.instance_type_name)) problems.push('instance_type_name: required');
  const keys = body.ssh_key_names;
  if (!Array.isArray(keys) || keys.length !== 1 || !keys.every(isString)) {
    problems.push('ssh_key_names: exactly one SSH key name is required');
  }
  if (body.name !== undefined && (!isString(body.name) || body.name.length > 64)) {
    problems.push('name: at most 64 characters');
  }
  if (body.hostname !== undefined && (!isString(body.hostname) || !HOSTNAME.test(body.hostname))) {
    problems.push('hostname: must match ^[a-z0-9][0-9a-z-]{0,62}$');
  }
  if (body.user_data !== undefined && (!isString(body.user_data) || body.user_data.length > 1_000_000)) {
    problems.push('user_data: a string of at most 1 MB');
  }
  if (body.tags !== undefined) {
    if (!Array.isArray(body.tags)) problems.push('tags: must be an array');
    else
      body.tags.forEach((tag, i) => {
        if (!isObject(tag) || !isString(tag.key) || !TAG_KEY.test(tag.key) || tag.key.length > 55) {
          problems.push(`tags.${i}.key: must match ^[a-z][a-z0-9-:]+$ (at most 55 characters)`);
        }
        if (!isObject(tag) || !isString(tag.value) || tag.value.length > 128) {
          problems.push(`tags.${i}.value: a string of at most 128 characters`);
        }
      });
  }
  if (body.firewall_rulesets !== undefined && !arrayOfIds(body.firewall_rulesets)) {
    problems.push('firewall_rulesets: must be [{ id }]');
  }
  if (
    body.file_system_names !== undefined &&
    !(Array.isArray(body.file_system_names) && body.file_system_names.every(isString))
  ) {
    problems.push('file_system_names: must be an array of names');
  }
  if (body.file_system_mounts !== undefined) {
    const mounts = body.file_system_mounts;
    const ok =
      Array.isArray(mounts) &&
      mounts.every(
        (m) => isObject(m) && isString(m.file_system_id) && isString(m.mount_point) && MOUNT_POINT.test(m.mount_point),
      );
    if (!ok) problems.push('file_system_mounts: [{ mount_point under /home, /lambda/nfs or /data, file_system_id }]');
  }
  return problems;
}

export function instanceIdsProblems(body: unknown): string[] {
  if (!isObject(body) || !Array.isArray(body.instance_ids) || !body.instance_ids.every(isString)) {
    return ['instance_ids: must be an array of instance ids'];
  }
  return [];
}

export function sshKeyProblems(body: unknown): string[] {
  if (!isObject(body) || !isString(body.name) || body.name.length < 1 || body.name.length > 64) {
    return ['name: 1 to 64 characters'];
  }
  if (body.public_key !== undefined && (!isString(body.public_key) || body.public_key.length > 4096)) {
    return ['public_key: an OpenSSH public key'];
  }
  return [];
}

export function fileSystemProblems(body: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(body)) return ['body: must be an object'];
  if (!isString(body.name) || body.name.length > 60 || !FS_NAME.test(body.name)) {
    problems.push('name: a letter, then letters, digits or -, at most 60 characters');
  }
  if (!isString(body.region) || !Object.hasOwn(FAKE_REGIONS, body.region))
    problems.push('region: a Lambda region code');
  return problems;
}

export function rulesetProblems(body: unknown): string[] {
  if (!isObject(body)) return ['body: must be an object'];
  const problems: string[] = [];
  if (!isString(body.name) || body.name.length > 64) problems.push('name: at most 64 characters');
  if (!isString(body.region) || !Object.hasOwn(FAKE_REGIONS, body.region))
    problems.push('region: a Lambda region code');
  const rules = body.rules;
  const ok =
    Array.isArray(rules) &&
    rules.every(
      (r) =>
        isObject(r) &&
        ['tcp', 'udp', 'icmp', 'all'].includes(r.protocol as string) &&
        isString(r.source_network) &&
        isString(r.description) &&
        (r.port_range === undefined ||
          (Array.isArray(r.port_range) &&
            r.port_range.length === 2 &&
            r.port_range.every((p) => Number.isInteger(p) && p >= 1 && p <= 65535))),
    );
  if (!ok) problems.push('rules: [{ protocol, port_range?, source_network, description }]');
  return problems;
}

function arrayOfIds(value: unknown): boolean {
  return Array.isArray(value) && value.every((item) => isObject(item) && isString(item.id));
}
