/**
 * Start-up: the command line's two bundles (dist/cli/main.js and handlers.js, made by
 * scripts/bundle.js) are compiled with the V8 code cache the build made for them by running the
 * CLI once (scripts/code-cache.js), so a run does not parse and compile again the functions every
 * run uses (docs/performance.md, "Start-up"). A cache is used only with the very bundle it was made from
 * (the build id in both) and by the Node that made it; otherwise, and when running from the
 * sources (no bundle) or with source maps on, Node loads the module as it always does.
 */
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

/** How a bundle's first line starts; the build id follows (scripts/bundle.js writes it). */
export const BUNDLE_BANNER = '// upstart2systemd command line, bundled by scripts/bundle.js, build ';

/**
 * The second line of a bundle (scripts/bundle.js writes it; its last line closes it with
 * BUNDLE_CLOSING): the bundle is written already wrapped as Node wraps a module, so that its text
 * compiles as it is to the module's function (compileModule), where wrapping it costs a copy of
 * its 600 KB at each start. Node's own loader runs the same file: there the line calls the
 * function with the arguments of Node's wrapper (a script has no `arguments`).
 */
export const BUNDLE_OPENING =
  '(typeof arguments === "object" ? (f) => f.apply(this, arguments) : (f) => f)' +
  '(function (exports, require, module, __filename, __dirname) {';

/** The line that closes a bundle's wrapper (BUNDLE_OPENING). */
export const BUNDLE_CLOSING = '});';

/** The file that holds a bundle's code cache. */
export function cacheFileOf(bundle: string): string {
  return `${bundle}.cache`;
}

/** The first line of a cache file: the bundle's build and the Node (and so the V8) that made it. */
export function cacheHeader(buildId: string): string {
  return `upstart2systemd-code-cache ${buildId} ${process.version} ${process.arch}\n`;
}

/** The build id a bundle's first line names; undefined for a file tsc wrote (not bundled). */
export function buildIdOf(source: string): string | undefined {
  if (!source.startsWith(BUNDLE_BANNER)) return undefined;
  const end = source.indexOf('\n');
  const id = source.slice(BUNDLE_BANNER.length, end < 0 ? undefined : end).trim();
  return /^[0-9a-f]{8,64}$/.test(id) ? id : undefined;
}

/** Whether `source` is a bundle written already wrapped (BUNDLE_OPENING on its second line). */
export function isWrapped(source: string): boolean {
  const end = source.indexOf('\n');
  return end >= 0 && source.startsWith(BUNDLE_BANNER) && source.startsWith(BUNDLE_OPENING, end + 1);
}

/**
 * Compiles a module's source to a script whose value is the module's function, as Node's loader
 * wraps it (a bundle written wrapped is compiled as it is), with V8's cached data when given.
 */
export function compileModule(source: string, filename: string, cachedData?: Buffer): vm.Script {
  const text = isWrapped(source) ? source : Module.wrap(source);
  return new vm.Script(text, { filename, ...(cachedData ? { cachedData } : {}) });
}

/** Runs a compiled module's wrapper for `module`, as Node's loader would. */
export function runModule(script: vm.Script, module: Module, filename: string): void {
  const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => void;
  wrapper.call(
    module.exports,
    module.exports,
    Module.createRequire(filename),
    module,
    filename,
    path.dirname(filename),
  );
}

/** What became of a bundle's cache when it was last required with one: used, or refused by V8. */
export type CacheUse = 'used' | 'rejected';

/**
 * Each bundle required with its code cache, by file, and whether V8 took the cache: one record for
 * the process (each bundle holds its own copy of this module), which tests read.
 */
export const cacheUses: Map<string, CacheUse> = ((globalThis as Record<symbol, unknown>)[
  Symbol.for('upstart2systemd.codeCacheUses')
] ??= new Map<string, CacheUse>()) as Map<string, CacheUse>;

/** The cached data in `cacheFile` when it was made from build `buildId` by this Node, else undefined. */
function cachedDataFor(cacheFile: string, buildId: string): Buffer | undefined {
  let data: Buffer;
  try {
    data = fs.readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  const header = cacheHeader(buildId);
  return data.subarray(0, header.length).toString('latin1') === header ? data.subarray(header.length) : undefined;
}

/** The loader's compile step, which requireWithCodeCache() stands in for while it requires a bundle. */
type Compile = (this: Module, content: string, filename: string) => unknown;

/**
 * Requires the bundle `file` through `load` (a plain `require`), compiling it with its code cache
 * when one was made for this build by this Node; Node's loader does all the rest as usual
 * (resolution, require.cache, the module's own require).
 */
export function requireWithCodeCache<T>(load: () => T, file: string): T {
  if (process.sourceMapsEnabled || !fs.existsSync(cacheFileOf(file))) return load();
  const proto = Module.prototype as unknown as { _compile: Compile };
  const original = proto._compile;
  proto._compile = function (content, filename) {
    const buildId = filename === file ? buildIdOf(content) : undefined;
    const cachedData = buildId ? cachedDataFor(cacheFileOf(file), buildId) : undefined;
    if (!cachedData) return original.call(this, content, filename);
    const script = compileModule(content, filename, cachedData);
    cacheUses.set(file, script.cachedDataRejected ? 'rejected' : 'used');
    runModule(script, this, filename);
  };
  try {
    return load();
  } finally {
    proto._compile = original;
  }
}
