import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { formatDuration, parseDuration } from '../src/parse/duration.js';
import { parseEnvPair, parsePort } from '../src/parse/flags.js';

describe('flag parsers', () => {
  it.each([
    ['10m', 600_000],
    ['30s', 30_000],
    ['1h30m', 5_400_000],
    ['500ms', 500],
    ['1.5s', 1500],
    ['45', 45_000],
  ])('parseDuration(%s) = %i ms', (text, ms) => {
    expect(parseDuration('--timeout', text)).toBe(ms);
  });

  it.each(['', 'm', '10 minutes', '10x', '-5s', '0s', '0', '0.0', '0.1ms'])(
    'parseDuration rejects %j naming the flag',
    (text) => {
      expect(() => parseDuration('--timeout', text)).toThrow(UsageError);
      expect(() => parseDuration('--timeout', text)).toThrow(/--timeout/);
    },
  );

  it('formatDuration picks a readable unit', () => {
    expect(formatDuration(850)).toBe('850ms');
    expect(formatDuration(1250)).toBe('1.3s');
    expect(formatDuration(125_000)).toBe('2m05s');
  });

  it.each([
    [999.4, '999ms'],
    [999.5, '1.0s'],
    [59_949, '59.9s'],
    [59_950, '1m00s'],
    [59_990, '1m00s'],
    [60_000, '1m00s'],
    [119_499, '1m59s'],
    [119_600, '2m00s'],
    [3_599_499, '59m59s'],
    [3_599_500, '1h00m00s'],
    [5_400_000, '1h30m00s'],
  ])('formatDuration(%d) = %s: it rounds first, then picks the unit', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('parsePort reads port/protocol, defaulting to http', () => {
    expect(parsePort('8000')).toEqual({ port: 8000, protocol: 'http' });
    expect(parsePort('22/TCP')).toEqual({ port: 22, protocol: 'tcp' });
    expect(() => parsePort('0')).toThrow(/1 to 65535/);
    expect(() => parsePort('http')).toThrow(/--port "http"/);
  });

  it('parseEnvPair keeps "=" inside values and rejects bad names', () => {
    expect(parseEnvPair('URL=a=b')).toEqual(['URL', 'a=b']);
    expect(parseEnvPair('EMPTY=')).toEqual(['EMPTY', '']);
    expect(() => parseEnvPair('NOVALUE')).toThrow(/--env "NOVALUE"/);
  });
});
