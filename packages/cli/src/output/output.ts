import { type Colors, colorsFor } from './colors.js';

export interface OutputOptions {
  readonly json: boolean;
  readonly quiet: boolean;
  readonly verbose: boolean;
}

/**
 * Results go to stdout (a table, key-value lines, or JSON with --json); progress, notes and the
 * request log go to stderr, so `atlas ls --json | jq` and `id=$(atlas spawn -q ...)` just work.
 */
export class Output {
  readonly color: Colors;
  readonly errColor: Colors;
  readonly isTTY: boolean;
  /**
   * What --json has put on stdout so far. An error that comes after must keep stdout parseable:
   * after a document it adds nothing (the document carries it), after JSON lines it adds one line.
   */
  private written: 'nothing' | 'document' | 'lines' = 'nothing';

  constructor(
    readonly options: OutputOptions,
    private readonly stdout: NodeJS.WriteStream = process.stdout,
    private readonly stderr: NodeJS.WriteStream = process.stderr,
  ) {
    this.color = colorsFor(stdout);
    this.errColor = colorsFor(stderr);
    this.isTTY = stderr.isTTY === true;
  }

  get json(): boolean {
    return this.options.json;
  }

  /** A result line on stdout for people; --quiet and --json (which prints only JSON) drop it. */
  line(text = ''): void {
    if (this.options.json || this.options.quiet) return;
    this.stdout.write(`${text}\n`);
  }

  /** Essential output that --quiet keeps (an id); --json replaces it. */
  essential(text: string): void {
    if (this.options.json) return;
    this.stdout.write(`${text}\n`);
  }

  /** A note for people on stderr; --quiet and --json silence it. */
  note(text: string): void {
    if (this.options.quiet || this.options.json) return;
    this.stderr.write(`${text}\n`);
  }

  /** The machine-readable result of --json. */
  data(value: unknown): void {
    this.written = 'document';
    this.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** One JSON value per line (a stream of chunks). */
  dataLine(value: unknown): void {
    this.written = 'lines';
    this.stdout.write(`${JSON.stringify(value)}\n`);
  }

  /** The `{"error": ...}` of --json, in the form that keeps stdout one document or one value per line. */
  errorData(body: unknown): void {
    if (this.written === 'document') return;
    if (this.written === 'lines') this.dataLine({ error: body });
    else this.data({ error: body });
  }

  /** The --verbose request log. */
  debug(text: string): void {
    if (!this.options.verbose) return;
    this.stderr.write(`${this.errColor.dim(text)}\n`);
  }

  error(text: string): void {
    this.stderr.write(`${text}\n`);
  }

  get stderrStream(): NodeJS.WriteStream {
    return this.stderr;
  }
}
