import { describe, expect, it } from 'vitest';
import {
  baseUrlProblem,
  camelCase,
  constantCase,
  envVarProblem,
  normalizeBaseUrl,
  packageNameProblem,
  parseCapabilities,
  pascalCase,
  providerIdProblem,
} from '../src/validate.js';

describe('providerIdProblem', () => {
  it.each(['acme', 'my-cloud', 'gpu-cloud-2', 'a1'])('accepts %s', (id) => {
    expect(providerIdProblem(id)).toBeUndefined();
  });

  it.each([
    ['', 'empty'],
    ['My-Cloud', 'lowercase'],
    ['my_cloud', 'dashes'],
    ['my--cloud', 'single dashes'],
    ['-cloud', 'starting with a letter'],
    ['cloud-', 'dashes'],
    ['2cloud', 'starting with a letter'],
    ['x'.repeat(41), 'longer than 40'],
  ])('refuses %j, saying %s', (id, says) => {
    expect(providerIdProblem(id)).toContain(says);
  });

  it('refuses an id whose default instance would be a reserved word or a name the generated code uses', () => {
    expect(providerIdProblem('new')).toContain("default instance 'new'");
    expect(providerIdProblem('http')).toContain("default instance 'http'");
  });
});

describe('packageNameProblem', () => {
  it.each(['atlas-provider-acme', '@me/atlas-provider-acme', 'acme.gpu', 'a_b'])('accepts %s', (name) => {
    expect(packageNameProblem(name)).toBeUndefined();
  });

  it.each([
    ['', 'empty'],
    ['Atlas-Provider', 'lowercase'],
    ['bad name', 'only lowercase letters'],
    [' padded', 'spaces'],
    ['.hidden', "start with '.' or '_'"],
    ['_private', "start with '.' or '_'"],
    ['@scope', "'@scope/name'"],
    ['@scope/a/b', "'@scope/name'"],
    ['@Scope/name', 'lowercase'],
    ['fs', 'reserved'],
    ['node_modules', 'reserved'],
    ['crazy!', 'only lowercase letters'],
    ['a'.repeat(215), 'longer than 214'],
  ])('refuses %j, saying %s', (name, says) => {
    expect(packageNameProblem(name)).toContain(says);
  });
});

describe('baseUrlProblem and normalizeBaseUrl', () => {
  it('accepts http and https URLs and ends them with a slash', () => {
    expect(baseUrlProblem('https://api.example.com/v1')).toBeUndefined();
    expect(normalizeBaseUrl('https://api.example.com/v1')).toBe('https://api.example.com/v1/');
    expect(normalizeBaseUrl('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080/');
  });

  it.each([
    ['api.example.com', 'not an absolute URL'],
    ['ftp://api.example.com/', 'http or https'],
    ['https://user:secret@api.example.com/', 'credentials'],
    ['https://api.example.com/?v=1', 'query'],
  ])('refuses %s', (url, says) => {
    expect(baseUrlProblem(url)).toContain(says);
  });

  it('never repeats credentials in its message', () => {
    expect(baseUrlProblem('https://user:secret@api.example.com/')).not.toContain('secret');
  });
});

describe('envVarProblem', () => {
  it('accepts an uppercase name and refuses others', () => {
    expect(envVarProblem('ACME_API_KEY')).toBeUndefined();
    expect(envVarProblem('acme_api_key')).toContain('uppercase');
    expect(envVarProblem('1KEY')).toContain('uppercase');
    expect(envVarProblem('ACME-KEY')).toContain('uppercase');
  });
});

describe('parseCapabilities', () => {
  it('keeps the generated ones, once each, in a fixed order', () => {
    expect(parseCapabilities(' gpu_catalog, stop_start,gpu_catalog ')).toEqual({
      capabilities: ['stop_start', 'gpu_catalog'],
    });
  });

  it('reads none and the empty list as no capability', () => {
    expect(parseCapabilities('none')).toEqual({ capabilities: [] });
    expect(parseCapabilities('')).toEqual({ capabilities: [] });
  });

  it('refuses a real capability the templates do not write yet, saying to add it by hand', () => {
    const result = parseCapabilities('stop_start,serverless');
    expect('problem' in result && result.problem).toContain("'serverless' is not generated yet");
  });

  it('refuses an unknown capability, listing the generated ones', () => {
    const result = parseCapabilities('teleport');
    expect('problem' in result && result.problem).toContain("unknown capability 'teleport'");
    expect('problem' in result && result.problem).toContain('gpu_catalog');
  });
});

describe('identifier cases', () => {
  it('derives the names of the generated code from the id', () => {
    expect(pascalCase('my-cloud-2')).toBe('MyCloud2');
    expect(camelCase('my-cloud-2')).toBe('myCloud2');
    expect(constantCase('my-cloud-2')).toBe('MY_CLOUD_2');
  });
});
