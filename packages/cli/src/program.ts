import { COMPUTE_STATUSES } from '@atlas/core';
import { Command, Option } from 'commander';
import type { GlobalFlags } from './config.js';
import { readConfigFile, requireUrl } from './config.js';
import { Output } from './output/output.js';
import { collect } from './parse/flags.js';
import { PROVIDER_IDS } from './providers/registry.js';
import type { Session } from './session.js';
import { VERSION } from './version.js';

/**
 * Options a command cannot run without. Not commander's requiredOption: commander checks those before
 * unknown options, so `atlas spawn --bogus-flag` would complain about --gpu instead of the typo. The
 * preAction hook below checks these after commander has rejected any unknown option.
 */
const REQUIRED = new WeakSet<Option>();
const required = (flags: string, description: string): Option => {
  const option = new Option(flags, description);
  REQUIRED.add(option);
  return option;
};

const examples = (lines: readonly string[]) => `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;

/**
 * The whole command tree. Each action imports its module on first use, so `atlas --help` and
 * `atlas --version` load no provider, table or spinner code.
 */
export function buildProgram(signal: AbortSignal, onSession: (session: Session) => void): Command {
  const session = (cmd: Command): Session => {
    const flags = cmd.optsWithGlobals<GlobalFlags>();
    if (flags.baseUrl !== undefined) requireUrl('--base-url', flags.baseUrl);
    if (flags.runtimeUrl !== undefined) requireUrl('--runtime-url', flags.runtimeUrl);
    const out = new Output({ json: flags.json === true, quiet: flags.quiet === true, verbose: flags.verbose === true });
    const created: Session = { flags, file: readConfigFile(), out, signal };
    onSession(created);
    return created;
  };

  const program = new Command('atlas')
    .description(
      'Rent and control GPUs on any cloud, with one command line. Try `atlas demo` first: it needs no account.',
    )
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .option('--json', 'print results as JSON on stdout')
    .option('-q, --quiet', 'print only essentials (ids); no progress or notes')
    .option('-v, --verbose', 'log every HTTP request (URLs redacted) on stderr')
    .option('--api-key <key>', 'API key for the provider the command targets (else its env var, else the config file)')
    .option('--base-url <url>', "override the provider's API URL (a proxy, or a fake on loopback)")
    .option('--runtime-url <url>', "override the provider's serverless runtime URL (RunPod: api.runpod.ai)")
    .exitOverride()
    // `atlas ls --help` lists --json, --api-key and the rest too: they work on every command.
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError('(run with --help for usage)')
    .hook('preAction', (_program, action) => {
      for (const option of action.options) {
        if (REQUIRED.has(option) && action.getOptionValue(option.attributeName()) === undefined) {
          // commander's own wording and code, so the message and exit code stay as they were.
          action.error(`error: required option '${option.flags}' not specified`, {
            code: 'commander.missingMandatoryOptionValue',
          });
        }
      }
    })
    .addHelpText(
      'after',
      `${examples([
        'atlas demo',
        'atlas gpus --gpu h100',
        'atlas spawn --gpu h100 --image vllm/vllm-openai:latest --port 8000/http --auth bearer --wait',
        'atlas ls --status running --json',
        'atlas job run --endpoint my-endpoint --input \'{"prompt":"hi"}\' --stream',
      ])}
Configuration: flags > environment (RUNPOD_API_KEY, ATLAS_PROVIDER, ATLAS_RUNPOD_BASE_URL, ...) >
$ATLAS_CONFIG or ~/.config/atlas/config.json. Exit codes: 0 ok, 1 provider error, 2 usage, 130 Ctrl-C.`,
    );

  const providerOption = () =>
    new Option(
      '-p, --provider <id>',
      `provider to use (default: ATLAS_PROVIDER, config defaultProvider, runpod)`,
    ).choices(PROVIDER_IDS);

  program
    .command('providers')
    .description('list the providers this CLI knows, their capabilities, and whether a key is configured')
    .addHelpText('after', examples(['atlas providers', 'atlas providers --json']))
    .action(async (_opts, cmd: Command) => {
      const { providersCommand } = await import('./commands/providers.js');
      await providersCommand(session(cmd));
    });

  program
    .command('gpus')
    .description('the GPU catalog with prices, across every configured provider, cheapest first')
    .addOption(
      new Option('-p, --provider <id>', 'a provider to include (repeatable; default: every configured one)')
        .choices(PROVIDER_IDS)
        .argParser(collect),
    )
    .option('--gpu <id>', 'only this canonical GPU id, e.g. h100')
    .addOption(new Option('--sort <key>', 'sort order').choices(['price', 'memory']).default('price'))
    .addHelpText(
      'after',
      examples(['atlas gpus', 'atlas gpus --gpu h100 --sort memory', 'atlas gpus --provider runpod --json']),
    )
    .action(async (opts, cmd: Command) => {
      const { gpusCommand } = await import('./commands/gpus.js');
      await gpusCommand(session(cmd), opts);
    });

  program
    .command('spawn')
    .description('rent a machine; prints its id, status, URLs and (with --auth bearer) its token, once')
    .addOption(
      new Option(
        '-p, --provider <ids>',
        'provider to use; several (a,b or repeated) place the machine on the cheapest that has one, in order of price',
      ).argParser(collect),
    )
    .option('--max-price <usd>', 'never rent above this price per hour (places across the providers given)')
    .addOption(required('--gpu <id>', 'canonical GPU id, e.g. h100, a100_80g, l40s'))
    .option('--image <image>', 'container image to run')
    .option('--count <n>', 'GPUs per machine (1-16)', '1')
    .option('--port <port>', 'expose a port: 8000/http or 22/tcp (repeatable)', collect)
    .option('--env <KEY=VALUE>', 'environment variable for the container (repeatable)', collect)
    .option('--name <name>', 'a name, to find the machine again with ls --name')
    .addOption(new Option('--auth <mode>', 'protect HTTP ports').choices(['none', 'bearer']).default('none'))
    .option('--region <region>', 'preferred region (repeatable)', collect)
    .addOption(new Option('--cloud <type>', 'cloud type').choices(['secure', 'community', 'any']))
    .option('--wait', 'wait until the machine is running')
    .option('--timeout <duration>', 'how long --wait waits: 30s, 10m, 1h', '10m')
    .addHelpText(
      'after',
      examples([
        'atlas spawn --gpu h100 --image vllm/vllm-openai:latest --port 8000/http --auth bearer --wait',
        'atlas spawn --provider mock --gpu a100_80g --image busybox --count 2 --env MODEL=llama --json',
        'id=$(atlas spawn -q --gpu l40s --image my/app:1)',
        'atlas spawn --gpu h100 --image my/app:1 --provider runpod,mock --max-price 3',
      ]),
    )
    .action(async (opts, cmd: Command) => {
      const { spawnCommand } = await import('./commands/spawn.js');
      await spawnCommand(session(cmd), opts);
    });

  program
    .command('quote')
    .description('offers for a GPU across every configured provider (or those named), cheapest first')
    .addOption(required('--gpu <id>', 'canonical GPU id, e.g. h100'))
    .option('--count <n>', 'GPUs per machine (1-16)', '1')
    .option('-p, --provider <ids>', 'providers to ask (a,b or repeated; default: every configured one)', collect)
    .option('--max-price <usd>', 'only offers at most this price per hour')
    .addOption(new Option('--cloud <type>', 'cloud type').choices(['secure', 'community', 'any']))
    .addHelpText(
      'after',
      examples([
        'atlas quote --gpu h100',
        'atlas quote --gpu h100 --count 8 --max-price 20 --provider runpod,mock --json',
      ]),
    )
    .action(async (opts, cmd: Command) => {
      const { quoteCommand } = await import('./commands/quote.js');
      await quoteCommand(session(cmd), opts);
    });

  program
    .command('ls')
    .description('list machines')
    .addOption(providerOption())
    .addOption(new Option('--status <status>', 'only machines in this status').choices(COMPUTE_STATUSES))
    .option('--name <name>', 'only machines with this exact name')
    .addHelpText('after', examples(['atlas ls', 'atlas ls --status running --json', 'atlas ls --name my-session -q']))
    .action(async (opts, cmd: Command) => {
      const { lsCommand } = await import('./commands/ls.js');
      await lsCommand(session(cmd), opts);
    });

  program
    .command('get')
    .description('show one machine')
    .argument('<id>', 'machine id')
    .addOption(providerOption())
    .addHelpText('after', examples(['atlas get abc123', 'atlas get abc123 --json']))
    .action(async (id: string, opts, cmd: Command) => {
      const { getCommand } = await import('./commands/get.js');
      await getCommand(session(cmd), id, opts);
    });

  for (const [name, description] of [
    ['stop', 'stop a machine (keeps its disk; billing for the GPU stops)'],
    ['start', 'start a stopped machine'],
  ] as const) {
    program
      .command(name)
      .description(description)
      .argument('<id>', 'machine id')
      .addOption(providerOption())
      .option('--wait', `wait until the machine is ${name === 'stop' ? 'stopped' : 'running'}`)
      .option('--timeout <duration>', 'how long --wait waits', '10m')
      .addHelpText('after', examples([`atlas ${name} abc123`, `atlas ${name} abc123 --wait`]))
      .action(async (id: string, opts, cmd: Command) => {
        const { lifecycleCommand } = await import('./commands/lifecycle.js');
        await lifecycleCommand(session(cmd), name, id, opts);
      });
  }

  program
    .command('rm')
    .description('terminate a machine for good (asks first on a terminal)')
    .argument('<id>', 'machine id')
    .addOption(providerOption())
    .option('-y, --yes', 'do not ask; required when stdin is not a terminal')
    .addHelpText('after', examples(['atlas rm abc123', 'atlas rm abc123 --yes']))
    .action(async (id: string, opts, cmd: Command) => {
      const { rmCommand } = await import('./commands/rm.js');
      await rmCommand(session(cmd), id, opts);
    });

  program
    .command('logs')
    .description("print a machine's logs, where the provider offers them")
    .argument('<id>', 'machine id')
    .addOption(providerOption())
    .option('-f, --follow', 'keep printing new lines until Ctrl-C')
    .option('--tail <n>', 'how many earlier lines to print first (1-5000)')
    .addHelpText(
      'after',
      examples(['atlas logs abc123', 'atlas logs abc123 --follow --tail 20', 'atlas logs abc123 --json']),
    )
    .action(async (id: string, opts, cmd: Command) => {
      const { logsCommand } = await import('./commands/logs.js');
      await logsCommand(session(cmd), id, opts);
    });

  const job = program
    .command('job')
    .description('serverless jobs: run, status, cancel')
    .addHelpText(
      'after',
      examples([
        'atlas job run --endpoint my-endpoint --input \'{"prompt":"hello"}\' --stream',
        'atlas job status my-endpoint job-123',
        'atlas job cancel my-endpoint job-123',
      ]),
    );
  job
    .command('run')
    .description('submit a job to a serverless endpoint')
    .addOption(providerOption())
    .addOption(required('--endpoint <id>', 'the serverless endpoint id'))
    .option('--input <json>', 'the job input, as JSON')
    .option('--input-file <path>', 'read the job input from a JSON file')
    .option('--sync', 'wait for the result in one request (short jobs)')
    .option('--stream', 'print output chunks as they arrive, then the final status')
    .addHelpText(
      'after',
      examples([
        'atlas job run --endpoint my-endpoint --input \'{"prompt":"hello"}\'',
        'atlas job run --endpoint my-endpoint --input-file input.json --sync --json',
        'atlas job run --endpoint my-endpoint --input \'{"prompt":"hello"}\' --stream',
      ]),
    )
    .action(async (opts, cmd: Command) => {
      const { jobRunCommand } = await import('./commands/job.js');
      await jobRunCommand(session(cmd), opts);
    });
  job
    .command('status')
    .description("show a job's status and output")
    .argument('<endpoint>', 'the serverless endpoint id')
    .argument('<id>', 'the job id')
    .addOption(providerOption())
    .addHelpText(
      'after',
      examples(['atlas job status my-endpoint job-123', 'atlas job status my-endpoint job-123 --json']),
    )
    .action(async (endpoint: string, id: string, opts, cmd: Command) => {
      const { jobStatusCommand } = await import('./commands/job.js');
      await jobStatusCommand(session(cmd), endpoint, id, opts);
    });
  job
    .command('cancel')
    .description('cancel a queued or running job')
    .argument('<endpoint>', 'the serverless endpoint id')
    .argument('<id>', 'the job id')
    .addOption(providerOption())
    .addHelpText('after', examples(['atlas job cancel my-endpoint job-123']))
    .action(async (endpoint: string, id: string, opts, cmd: Command) => {
      const { jobCancelCommand } = await import('./commands/job.js');
      await jobCancelCommand(session(cmd), endpoint, id, opts);
    });

  program
    .command('demo')
    .description('the whole story in seconds, with no account and no key: GPUs, a pod, a job, cleanup')
    .addOption(
      new Option(
        '-p, --provider <id>',
        'runpod, lambda-labs or vast: the real provider against its fake on loopback; mock: in memory',
      )
        .choices(['runpod', 'mock', 'lambda-labs', 'vast'])
        .default('runpod'),
    )
    .addHelpText(
      'after',
      examples(['atlas demo', 'atlas demo --provider vast', 'atlas demo --provider mock', 'atlas demo --verbose']),
    )
    .action(async (opts, cmd: Command) => {
      const { demoCommand } = await import('./demo/demo.js');
      await demoCommand(session(cmd), opts);
    });

  program
    .command('dashboard')
    .description(
      "serve the live web dashboard over your application's store (--store, --owner), or over a demo (--demo, no account needed)",
    )
    .option('--store <store>', "your orchestrators' store: a SQLite file or a postgres:// URL")
    .option('--owner <id>', 'the ownerId your orchestrators use (with --store)')
    .option(
      '-p, --provider <ids>',
      'providers your sessions run on (a,b or repeated; default: every configured one)',
      collect,
    )
    .option('--demo', 'serve it over a demo orchestrator (the mock and the RunPod fake on loopback)')
    .option('--port <n>', 'port to listen on (0: any free port)', '4680')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .addHelpText(
      'after',
      examples([
        'atlas dashboard --store ./sessions.db --owner studio-prod',
        'atlas dashboard --store "$DATABASE_URL" --owner studio-prod --provider runpod,vast',
        'atlas dashboard --demo',
        'atlas dashboard --demo --port 0 --json',
      ]),
    )
    .action(async (opts, cmd: Command) => {
      const { dashboardCommand } = await import('./commands/dashboard.js');
      await dashboardCommand(session(cmd), opts);
    });

  return program;
}
