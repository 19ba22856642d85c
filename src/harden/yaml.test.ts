/**
 * The caps on a profile's YAML hold while it is parsed: an alias bomb, a document that refers to
 * itself, nesting past the limit and a file past the size limit are refused at once, at the node
 * (or file) where the cap was passed; an ordinary document with a few aliases loads.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROFILE_LIMITS } from './limits';
import { loadYaml, readLimited } from './yaml';

/** The error of a document that must not load. */
function refused(text: string) {
  const r = loadYaml(text);
  if (!('error' in r)) throw new Error('the document loaded');
  return r.error;
}

/** The classic "billion laughs": 9 levels of 9 aliases each. */
function laughs(): string {
  let text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
  const names = 'abcdefghi';
  for (let i = 1; i < names.length; i++)
    text += `${names[i]}: &${names[i]} [${Array(9)
      .fill(`*${names[i - 1]}`)
      .join(',')}]\n`;
  return text;
}

/** Few aliases, exponential expansion: each level lists the previous one twice. */
function doubling(levels: number): string {
  let text = 'when:\n  l0: &l0 [{has: x}, {has: y}]\n';
  for (let i = 1; i < levels; i++) text += `  l${i}: &l${i} [*l${i - 1}, *l${i - 1}]\n`;
  return text;
}

describe('limits while parsing YAML', () => {
  it('refuses the billion-laughs bomb at the node that passes the cap', () => {
    expect(laughs().length).toBeLessThan(900);
    expect(refused(laughs())).toMatchObject({ limit: true, line: 6, message: expect.stringContaining('aliases') });
  });

  it('refuses a bomb that stays under the alias count by its expanded size', () => {
    const e = refused(doubling(30));
    expect(e).toMatchObject({
      limit: true,
      message: `more than ${PROFILE_LIMITS.expandedNodes} nodes (aliases counted as what they name)`,
    });
  });

  it('refuses more aliases than the cap, however small what they name', () => {
    const text = `a: &a x\nb: [${Array(PROFILE_LIMITS.aliases + 1)
      .fill('*a')
      .join(', ')}]\n`;
    expect(refused(text)).toMatchObject({ limit: true, message: `more than ${PROFILE_LIMITS.aliases} aliases` });
  });

  it('refuses an alias to the node that contains it', () => {
    expect(refused('a: &x {b: *x}\n')).toMatchObject({ limit: true, line: 1, column: 11 });
  });

  it('refuses nesting deeper than the cap, written out or built from aliases', () => {
    const deep = 'x: ' + '['.repeat(10_000) + ']'.repeat(10_000);
    expect(refused(deep)).toMatchObject({
      limit: true,
      message: `nested deeper than ${PROFILE_LIMITS.yamlDepth} levels`,
    });
    let chained = 'a0: &a0 [x]\n';
    for (let i = 1; i <= 60; i++) chained += `a${i}: &a${i} [[*a${i - 1}]]\n`;
    expect(refused(chained).message).toBe(`nested deeper than ${PROFILE_LIMITS.yamlDepth} levels`);
  });

  it('loads a document whose aliases share a condition, with positions', () => {
    const r = loadYaml('a: &c {has: setuid}\nb: *c\nc: [*c, *c]\n');
    if ('error' in r) throw new Error(r.error.message);
    expect(r.value).toEqual({ a: { has: 'setuid' }, b: { has: 'setuid' }, c: [{ has: 'setuid' }, { has: 'setuid' }] });
    expect(r.positionOf(['b'])).toEqual({ line: 2, column: 4 });
  });
});

describe('reading a profile file', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-yaml-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads no more than the size cap', () => {
    const file = path.join(dir, 'big.yaml');
    fs.writeFileSync(file, Buffer.alloc(PROFILE_LIMITS.fileBytes + 1, 'x'));
    expect(readLimited(file)).toEqual({ error: `is larger than ${PROFILE_LIMITS.fileBytes} bytes`, limit: true });
    fs.writeFileSync(file, Buffer.alloc(PROFILE_LIMITS.fileBytes, 'x'));
    expect(readLimited(file)).toMatchObject({ text: expect.any(String) });
  });

  it('refuses what is not a regular file instead of blocking on it', () => {
    expect(readLimited(dir)).toEqual({ error: 'cannot be read (not a regular file)' });
    const fifo = path.join(dir, 'fifo.yaml');
    execFileSync('mkfifo', [fifo]);
    expect(readLimited(fifo)).toEqual({ error: 'cannot be read (not a regular file)' });
    expect(readLimited(path.join(dir, 'missing.yaml'))).toEqual({ error: 'cannot be read (ENOENT)' });
  });
});
