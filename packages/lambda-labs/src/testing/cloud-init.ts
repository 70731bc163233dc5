/**
 * What the VM would run: the env file and the image out of the cloud-init script Atlas sends
 * (see toUserData). The fake reads it so tests can check what reached the machine.
 */
const ENV_FILE = /^printf '%s' '([A-Za-z0-9+/=]*)' \| base64 -d > \/etc\/atlas\/env$/m;
const RUN = /^docker run .* '((?:[^']|'\\'')*)'$/m;
const EXPORT = /^export ([A-Za-z_][A-Za-z0-9_]*)='((?:[^']|'\\'')*)'$/gm;

export function envOf(userData: string | undefined): Record<string, string> {
  const encoded = userData === undefined ? undefined : ENV_FILE.exec(userData)?.[1];
  if (encoded === undefined) return {};
  const text = Buffer.from(encoded, 'base64').toString('utf8');
  const env: Record<string, string> = {};
  for (const match of text.matchAll(EXPORT)) env[match[1] as string] = (match[2] as string).replaceAll(`'\\''`, "'");
  return env;
}

export function imageOf(userData: string | undefined): string | undefined {
  const quoted = userData === undefined ? undefined : RUN.exec(userData)?.[1];
  return quoted?.replaceAll(`'\\''`, "'");
}
