/** The package manager that ran the scaffolder (`npm create`, `pnpm create`, `yarn create`). */
export interface PackageManager {
  readonly name: 'npm' | 'pnpm' | 'yarn';
  /** Its version, when the user agent says it. */
  readonly version?: string;
}

/** From `npm_config_user_agent` (`pnpm/12.4.2 npm/? node/v24.1.0 linux x64`); npm when unknown. */
export function detectPackageManager(userAgent: string | undefined): PackageManager {
  const match = /^(npm|pnpm|yarn)\/(\d+\.\d+\.\d+\S*)/.exec(userAgent ?? '');
  if (match === null) return { name: 'npm' };
  return { name: match[1] as PackageManager['name'], version: match[2]! };
}

/** The commands the README, the next steps and the CI workflow show. */
export interface Commands {
  readonly install: string;
  readonly installFrozen: string;
  /** Runs a package script: `npm run build`, `pnpm build`. */
  readonly run: string;
  readonly test: string;
}

export function commandsOf(pm: PackageManager): Commands {
  switch (pm.name) {
    case 'pnpm':
      return {
        install: 'pnpm install',
        installFrozen: 'pnpm install --frozen-lockfile',
        run: 'pnpm',
        test: 'pnpm test',
      };
    case 'yarn': {
      const classic = pm.version === undefined || pm.version.startsWith('1.');
      return {
        install: 'yarn',
        installFrozen: classic ? 'yarn install --frozen-lockfile' : 'yarn install --immutable',
        run: 'yarn',
        test: 'yarn test',
      };
    }
    default:
      return { install: 'npm install', installFrozen: 'npm ci', run: 'npm run', test: 'npm test' };
  }
}
