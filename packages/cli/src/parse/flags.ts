import { PORT_PROTOCOLS, type PortRequest } from '@atlas/core';
import { UsageError } from '../errors.js';

/** `8000/http`, `22/tcp`, or `8000` (http). */
export function parsePort(text: string): PortRequest {
  const match = /^(\d+)(?:\/(\w+))?$/.exec(text.trim());
  const port = Number(match?.[1]);
  const protocol = (match?.[2] ?? 'http').toLowerCase();
  if (!match || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UsageError(
      `--port "${text}" is not a port: use a number from 1 to 65535, optionally with /http or /tcp (e.g. 8000/http).`,
    );
  }
  if (!(PORT_PROTOCOLS as readonly string[]).includes(protocol)) {
    throw new UsageError(
      `--port "${text}" has an unknown protocol "${protocol}": allowed are ${PORT_PROTOCOLS.join(', ')}.`,
    );
  }
  return { port, protocol: protocol as PortRequest['protocol'] };
}

/** `KEY=value`; the value may contain `=`. */
export function parseEnvPair(text: string): [string, string] {
  const at = text.indexOf('=');
  const name = at < 0 ? text : text.slice(0, at);
  if (at < 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new UsageError(`--env "${name}" is not KEY=VALUE with a shell-style name ([A-Za-z_][A-Za-z0-9_]*).`);
  }
  return [name, text.slice(at + 1)];
}

export function parseCount(flag: string, text: string, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < 1 || n > max) {
    throw new UsageError(`${flag} "${text}" must be a whole number from 1 to ${max}.`);
  }
  return n;
}

/** Values that repeat (`--port 80 --port 443`) arrive one at a time. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** A price in USD per hour (`3`, `2.50`): positive and finite. */
export function parsePrice(flag: string, text: string): number {
  const n = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || !(n > 0)) {
    throw new UsageError(`${flag} "${text}" must be a price in USD per hour, such as 3 or 2.50.`);
  }
  return n;
}

/** `--provider a,b --provider c`: one list, in order, without repeats. */
export function providerList(values: readonly string[] | undefined): string[] {
  const ids = (values ?? []).flatMap((value) => value.split(',')).map((id) => id.trim());
  return [...new Set(ids.filter((id) => id !== ''))];
}
