/**
 * Start-up (docs/performance.md, "Start-up"): each command loads only what it uses, and the
 * built CLI compiles its bundles from the code cache its build made. The CLI runs in a child
 * process under a preload that records, as the process exits, every file Node loaded (and which
 * bundles came from their cache): the built launcher, where the command line is three bundles, and
 * the sources under tsx, where every module is a file of its own. Behaviour only, never timing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BUNDLE_BANNER, BUNDLE_CLOSING, BUNDLE_OPENING, cacheHeader } from '../../src/cli/code-cache';
import { builtCli } from '../helpers/built-cli';

const repo = path.join(__dirname, '..', '..');
const JOB = path.join(repo, 'examples', 'trusty', 'etc', 'init', 'cobalt-kvd.conf');
/** The packages a command needs only for some options: profiles, config files, baselines, --diff. */
const LAZY_PACKAGES = ['ajv', 'js-yaml', 're2js', 'diff'];

/** A module of a pipeline stage (or of the Upstart parser). */
const STAGE = /^src\/(pipeline|convert|systemd|harden|diff|output|report|plan|read|triage|idioms|collect|upstart)\//;
/** The modules of the stages that the command line's declarations read (pipeline/declarations.ts). */
const DECLARED =
  /^src\/(pipeline\/declarations|convert\/defaults|harden\/presets|systemd\/tables\/targets|upstart\/versions)\.ts$/;

/** What a run loaded: the files (relative to the repository), Node's own modules, each bundle's use of its cache. */
interface Loaded {
  code: number | null;
  stdout: string;
  files: string[];
  builtins: string[];
  cacheUses: Record<string, string>;
}

let tmp = '';
let hook = '';
let cli = '';
beforeAll(() => {
  cli = builtCli();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-startup-'));
  hook = path.join(tmp, 'record.js');
  fs.writeFileSync(
    hook,
    `process.on('exit', () => {
      const uses = globalThis[Symbol.for('upstart2systemd.codeCacheUses')] ?? new Map();
      const files = Object.keys(require.cache).filter((f) => f !== __filename);
      const builtins = process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13));
      require('fs').writeFileSync(process.env.U2S_LOADED, JSON.stringify({ files, builtins, uses: [...uses] }));
    });\n`,
  );
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/**
 * Runs node with `args` under the recording preload; what it printed and loaded. `quiet`: stdout and
 * stderr go to /dev/null, as in the bench (a pipe would load node:net for the stream).
 */
function recorded(args: string[], quiet = false): Loaded {
  const out = path.join(tmp, 'loaded.json');
  fs.rmSync(out, { force: true });
  const r = spawnSync(process.execPath, ['--require', hook, ...args], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, U2S_LOADED: out, NO_COLOR: '1' },
    ...(quiet ? { stdio: 'ignore' as const } : {}),
  });
  const { files, builtins, uses } = JSON.parse(fs.readFileSync(out, 'utf8')) as {
    files: string[];
    builtins: string[];
    uses: [string, string][];
  };
  const rel = (f: string): string => path.relative(repo, f);
  return {
    code: r.status,
    stdout: r.stdout ?? '',
    files: files.map(rel),
    builtins,
    cacheUses: Object.fromEntries(uses.map(([f, u]) => [rel(f), u])),
  };
}

/** The built launcher with `argv`. */
const built = (...argv: string[]): Loaded => recorded([cli, ...argv]);

/** Node's modules that a plain convert needs none of (docs/performance.md, "Start-up"). */
const LAZY_BUILTINS = ['assert', 'child_process', 'internal/fs/rimraf', 'net', 'os', 'zlib'];

/** The CLI from the sources (src/cli/entry.ts) under tsx, every module a file. */
const fromSources = (...argv: string[]): Loaded =>
  recorded([
    '--require',
    'tsx/cjs',
    '-e',
    "require('./src/cli/entry.ts').run(process.argv.slice(1)).then((c) => (process.exitCode = c))",
    '--',
    ...argv,
  ]);

/** The packages of node_modules a run loaded (tsx and its esbuild, which run the sources, left out). */
function packages(l: Loaded): string[] {
  const names = l.files.flatMap((f) => /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f)?.[1] ?? []);
  return [...new Set(names)].filter((n) => n !== 'tsx' && n !== 'esbuild').sort();
}

/** A fresh folder for --out. */
const freshOut = (): string => path.join(fs.mkdtempSync(path.join(tmp, 'out-')), 'out');

describe('the built CLI', () => {
  it('answers --version from the launcher and entry.js alone: no yargs, no command, no pipeline', () => {
    const r = built('--version');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      `${(JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { version: string }).version}\n`,
    );
    expect(r.files.sort()).toEqual(['bin/upstart2systemd.js', 'dist/cli/entry.js']);
  });

  it.each([[['--help']], [['completion', 'bash']], [['convert', '--bogus']], [['profiles', 'show', '--help']]])(
    '%j reads the command line’s bundle but not the handlers’, and no package of node_modules',
    (argv) => {
      const r = built(...argv);
      expect(r.code).toBe(argv.includes('--bogus') ? 2 : 0);
      expect(r.files).toContain('dist/cli/main.js');
      expect(r.files).not.toContain('dist/cli/handlers.js');
      expect(packages(r)).toEqual([]);
      // yargs' checks of its own arguments pass: Node's assert is required only to throw when one fails
      expect(r.builtins).not.toContain('assert');
    },
  );

  it('converts one job with both bundles, each compiled from its code cache, and no package of node_modules', () => {
    const r = built('convert', JOB, '--out', freshOut());
    expect(r.code).toBe(0);
    expect(r.files).toEqual(expect.arrayContaining(['dist/cli/main.js', 'dist/cli/handlers.js']));
    expect(packages(r)).toEqual([]);
    expect(r.cacheUses).toEqual({ 'dist/cli/main.js': 'used', 'dist/cli/handlers.js': 'used' });
  });

  it('converts a folder of one job into a fresh --out without Node’s modules that only some runs need', () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'one-'));
    fs.copyFileSync(JOB, path.join(dir, path.basename(JOB)));
    const r = recorded([cli, 'convert', dir, '--out', freshOut()], true);
    expect(r.code).toBe(0);
    expect(r.cacheUses).toEqual({ 'dist/cli/main.js': 'used', 'dist/cli/handlers.js': 'used' });
    expect(r.builtins).toEqual(expect.not.arrayContaining(LAZY_BUILTINS));
    // what is left is what the run needs: the plan's hashes, the heap cap, the streams of stdout and stderr
    expect(r.builtins).toEqual(expect.arrayContaining(['crypto', 'v8', 'stream']));
  });

  it('loads node:zlib for a gzip archive, and node:net to check an address, only then', () => {
    const out = freshOut();
    const host = path.join(tmp, 'host');
    fs.mkdirSync(path.join(host, 'etc', 'init'), { recursive: true });
    fs.copyFileSync(JOB, path.join(host, 'etc', 'init', path.basename(JOB)));
    const tarball = path.join(tmp, 'host.tar.gz');
    execFileSync('tar', ['-czf', tarball, '-C', host, 'etc']);
    const r = recorded([cli, 'convert', '--root', tarball, '--out', out], true);
    expect(r.code).toBe(0);
    expect(r.builtins).toContain('zlib');
    expect(r.builtins).not.toContain('net');
    // upstart-socket-bridge's `start on socket PROTO=inet PORT=7411 ADDR=127.0.0.1`
    const socketJob = path.join(repo, 'examples', 'trusty', 'etc', 'init', 'plover-statusd.conf');
    const s = recorded([cli, 'convert', socketJob, '--stdout'], true);
    expect(s.code).toBe(0);
    expect(s.builtins).toContain('net');
  });

  it('requires the packages of an option when the option is given (here a profile: js-yaml, ajv, re2js)', () => {
    const r = built('convert', JOB, '--stdout', '--profile', 'strict', '--no-score');
    expect(r.code).toBe(0);
    expect(packages(r)).toEqual(expect.arrayContaining(['ajv', 'js-yaml']));
  });
});

describe('the CLI from its sources', () => {
  it('answers --version without main.ts or yargs', () => {
    const r = fromSources('--version');
    expect(r.code).toBe(0);
    expect(r.files.filter((f) => f.startsWith('src/')).sort()).toEqual([
      'src/cli/code-cache.ts',
      'src/cli/entry.ts',
      'src/cli/io.ts',
      'src/cli/version.ts',
    ]);
    expect(packages(r)).toEqual([]);
  });

  it.each([[['--help']], [['completion', 'bash']], [['convert', '--bogus']]])(
    '%j loads the declarations but no command handler, no pipeline stage, no handlebars',
    (argv) => {
      const r = fromSources(...argv);
      expect(r.files).toContain('src/cli/commands/declarations.ts');
      const stages = r.files.filter((f) => STAGE.test(f) && !DECLARED.test(f));
      expect(stages).toEqual([]);
      expect(r.files.filter((f) => /^src\/cli\/(handlers|commands\/(?!declarations))/.test(f))).toEqual(
        argv[0] === 'completion' ? ['src/cli/commands/completion.ts'] : [],
      );
      expect(packages(r)).toEqual(expect.not.arrayContaining(['handlebars', ...LAZY_PACKAGES]));
    },
  );

  it('converts one job without ajv, js-yaml, re2js or diff, and with handlebars’ runtime only', () => {
    const r = fromSources('convert', JOB, '--out', freshOut());
    expect(r.code).toBe(0);
    expect(r.files).toContain('src/pipeline/index.ts');
    expect(packages(r)).toEqual(expect.not.arrayContaining(LAZY_PACKAGES));
    const handlebars = r.files.filter((f) => f.startsWith('node_modules/handlebars/'));
    expect(handlebars).toContain('node_modules/handlebars/runtime.js');
    expect(handlebars.filter((f) => /\/compiler\/|handlebars\/lib\/|dist\/cjs\/handlebars\.js$/.test(f))).toEqual([]);
  });
});

/** What one load of a bundle through requireWithCodeCache did, in a plain Node process. */
interface CacheLoad {
  exports?: { answer: number; req: string };
  error?: string;
  use?: string;
  again: boolean;
  restored: boolean;
}

const BUILD = '0123456789abcdef';

describe('requireWithCodeCache (dist/cli/code-cache.js, in Node’s own loader)', () => {
  const source = (body: string): string => `${BUNDLE_BANNER}${BUILD}\n${body}\n`;
  const OK = 'module.exports = { answer: 6 * 7, req: typeof require };';

  /** Loads `text` as a bundle, with a cache file of `header` and V8's data for it (or `data`), in a fresh Node. */
  function load(text: string, cache?: { header: string; data?: string }): CacheLoad {
    const dir = fs.mkdtempSync(path.join(tmp, 'bundle-'));
    const file = path.join(dir, 'bundle.js');
    fs.writeFileSync(file, text);
    const script = `
      const Module = require('node:module');
      const fs = require('node:fs');
      const cc = require(${JSON.stringify(path.join(repo, 'dist', 'cli', 'code-cache.js'))});
      const [file, header, data] = process.argv.slice(1);
      if (header) {
        const made = data ? Buffer.from(data) : cc.compileModule(fs.readFileSync(file, 'utf8'), file).createCachedData();
        fs.writeFileSync(cc.cacheFileOf(file), Buffer.concat([Buffer.from(header, 'latin1'), made]));
      }
      const compile = Module.prototype._compile;
      const out = { again: false };
      try {
        out.exports = cc.requireWithCodeCache(() => require(file), file);
        out.again = require(file) === out.exports;
      } catch (err) {
        out.error = err.message;
      }
      out.use = cc.cacheUses.get(file);
      out.restored = Module.prototype._compile === compile;
      process.stdout.write(JSON.stringify(out));`;
    const args = [file, cache?.header ?? '', cache?.data ?? ''];
    return JSON.parse(execFileSync(process.execPath, ['-e', script, '--', ...args], { encoding: 'utf8' })) as CacheLoad;
  }

  it('compiles a bundle from the cache made for its build by this Node; Node keeps the one module', () => {
    const r = load(source(OK), { header: cacheHeader(BUILD) });
    expect(r).toEqual({ exports: { answer: 42, req: 'function' }, use: 'used', again: true, restored: true });
  });

  /** A bundle written already wrapped, as scripts/bundle.js writes main.js and handlers.js. */
  const wrapped = (body: string): string => `${BUNDLE_BANNER}${BUILD}\n${BUNDLE_OPENING}\n${body}\n${BUNDLE_CLOSING}\n`;
  const OWN =
    'module.exports = { answer: 6 * 7, req: typeof require, self: this === module.exports, ' +
    'strict: (function () { return this === undefined; })() };';

  it('runs a bundle written wrapped from its cache, as Node would run it', () => {
    const r = load(wrapped(OK), { header: cacheHeader(BUILD) });
    expect(r).toEqual({ exports: { answer: 42, req: 'function' }, use: 'used', again: true, restored: true });
  });

  it('runs a bundle written wrapped without a cache, and as Node’s own loader runs it (this is its exports)', () => {
    expect(load(wrapped(OK))).toEqual({ exports: { answer: 42, req: 'function' }, again: true, restored: true });
    const plain = fs.mkdtempSync(path.join(tmp, 'wrapped-'));
    fs.writeFileSync(path.join(plain, 'bundle.js'), wrapped(`"use strict";${OWN}`));
    const out = execFileSync(
      process.execPath,
      ['-p', `JSON.stringify(require(${JSON.stringify(path.join(plain, 'bundle.js'))}))`],
      { encoding: 'utf8' },
    );
    expect(JSON.parse(out)).toEqual({ answer: 42, req: 'function', self: true, strict: true });
  });

  it('loads the bundle as Node does when there is no cache', () => {
    expect(load(source(OK))).toEqual({ exports: { answer: 42, req: 'function' }, again: true, restored: true });
  });

  it.each([
    ['another build of the bundle', () => cacheHeader('fedcba9876543210')],
    ['another Node', () => cacheHeader(BUILD).replace(process.version, 'v0.0.1')],
    ['a header it does not know', () => 'something else\n'],
  ])('leaves a cache of %s unused', (_what, header) => {
    const r = load(source(OK), { header: header() });
    expect(r.exports?.answer).toBe(42);
    expect(r.use).toBeUndefined();
  });

  it('leaves the cache of a bundle unused once tsc has written the file again (no build id)', () => {
    const r = load(OK, { header: cacheHeader(BUILD) });
    expect(r.exports?.answer).toBe(42);
    expect(r.use).toBeUndefined();
  });

  it('runs the bundle all the same when V8 refuses the cached data', () => {
    const r = load(source(OK), { header: cacheHeader(BUILD), data: 'not V8 code at all' });
    expect(r.exports?.answer).toBe(42);
    expect(r.use).toBe('rejected');
  });

  it('puts Node’s compile step back, also when the bundle throws', () => {
    const r = load(source("throw new Error('broken bundle');"), { header: cacheHeader(BUILD) });
    expect(r).toMatchObject({ error: 'broken bundle', restored: true });
  });
});
