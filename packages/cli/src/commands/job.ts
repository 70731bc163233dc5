import { readFile } from 'node:fs/promises';
import { AtlasError, type Job } from '@atlas/core';
import { parseJobRequest } from '@atlas/core/provider';
import { UsageError } from '../errors.js';
import { renderJob } from '../output/format.js';
import { parseId } from '../parse/ids.js';
import { connect, requireStubOperation, type Session, targetId } from '../session.js';

export interface JobRunOptions {
  readonly provider?: string;
  readonly endpoint: string;
  readonly input?: string;
  readonly inputFile?: string;
  readonly sync?: boolean;
  readonly stream?: boolean;
}

async function readInput(options: JobRunOptions): Promise<unknown> {
  if ((options.input === undefined) === (options.inputFile === undefined)) {
    throw new UsageError('job run needs exactly one of --input \'{"...": ...}\' or --input-file path.json.');
  }
  const [flag, text] =
    options.input !== undefined
      ? ['--input', options.input]
      : [
          '--input-file',
          await readFile(options.inputFile as string, 'utf8').catch((error: NodeJS.ErrnoException) => {
            throw new UsageError(`--input-file "${options.inputFile}" cannot be read: ${error.code ?? error.message}.`);
          }),
        ];
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`${flag} is not valid JSON: ${(error as Error).message}.`);
  }
}

export async function jobRunCommand(session: Session, options: JobRunOptions): Promise<void> {
  if (options.sync && options.stream)
    throw new UsageError('--sync and --stream cannot be combined: --stream already waits for the end.');
  const endpoint = parseId('--endpoint', options.endpoint);
  const input = await readInput(options);
  const request = { endpoint, input, mode: options.sync ? ('sync' as const) : ('async' as const) };
  try {
    // Checked before the provider loads, so a bad flag is a usage error (exit 2), not a provider one.
    parseJobRequest(request);
  } catch (error) {
    throw new UsageError(`invalid job flags: ${(error as Error).message}`);
  }
  const target = await connect(session, targetId(session, options.provider));
  requireStubOperation(target, 'runJob');
  const jobs = target.atlas;
  const { out } = session;
  const job = await jobs.runJob(request);
  if (!options.stream) {
    if (out.json) out.data(job);
    else if (out.options.quiet) out.essential(job.id);
    else out.line(renderJob(job, out.color));
    // --sync waited for the outcome: a failed job fails the command, as it does with --stream.
    failIfFailed(job);
    return;
  }
  out.note(`Job ${job.id} submitted to ${job.endpoint}; streaming its output (Ctrl-C stops watching).`);
  for await (const chunk of jobs.streamJob(job)) {
    if (out.json) out.dataLine({ index: chunk.index, output: chunk.output });
    else out.essential(typeof chunk.output === 'string' ? chunk.output : JSON.stringify(chunk.output));
  }
  const final = await jobs.getJob(job);
  if (out.json) out.dataLine(final);
  else
    out.note(
      `Job ${final.id}: ${final.status}${final.executionTimeMs === undefined ? '' : ` in ${final.executionTimeMs}ms`}`,
    );
  failIfFailed(final);
}

/** A job that ended badly is a provider error (exit 1), after its status has been printed. */
function failIfFailed(job: Job): void {
  if (job.status === 'failed' || job.status === 'timed_out') {
    throw new AtlasError({
      kind: 'provider',
      provider: job.provider,
      message: `job ${job.id} ${job.status}${job.error ? `: ${job.error}` : ''}`,
    });
  }
}

export async function jobStatusCommand(
  session: Session,
  endpoint: string,
  id: string,
  options: { provider?: string },
): Promise<void> {
  const ref = { endpoint: parseId('<endpoint>', endpoint), id: parseId('<id>', id) };
  const target = await connect(session, targetId(session, options.provider));
  requireStubOperation(target, 'getJob');
  const job = await target.atlas.getJob(ref);
  const { out } = session;
  if (out.json) out.data(job);
  else if (out.options.quiet) out.essential(job.status);
  else out.line(renderJob(job, out.color));
}

export async function jobCancelCommand(
  session: Session,
  endpoint: string,
  id: string,
  options: { provider?: string },
): Promise<void> {
  const ref = { endpoint: parseId('<endpoint>', endpoint), id: parseId('<id>', id) };
  const target = await connect(session, targetId(session, options.provider));
  requireStubOperation(target, 'cancelJob');
  await target.atlas.cancelJob(ref);
  const { out } = session;
  if (out.json) out.data({ ...ref, provider: target.provider.id, action: 'cancel' });
  else if (out.options.quiet) out.essential(ref.id);
  else out.line(`Cancelled job ${ref.id} on ${ref.endpoint} (${target.provider.id}).`);
}
