/**
 * Headless Chromium for tests, driven over the DevTools protocol on a pipe (--remote-debugging-pipe:
 * requests on fd 3, answers on fd 4, each a JSON message ended by NUL), so no port, no WebSocket
 * and no npm package is needed. One browser per test file; pages are opened from files, with or
 * without JavaScript, evaluated and clicked like a user would (mouse events at an element's centre).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Readable, Writable } from 'node:stream';

/** Where Chromium may be: $CHROMIUM, then the Debian package's launcher. */
export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find(
    (c): c is string => !!c && fs.existsSync(c) && spawnSync(c, ['--version'], { timeout: 20_000 }).status === 0,
  );
}

/** The flags of a quiet, throw-away headless browser that can run as root. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
  '--remote-debugging-pipe',
];

/** A DevTools protocol message from the browser. */
interface Message {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
  sessionId?: string;
}

/** A page of the browser: evaluate expressions in it, click its elements. */
export interface Page {
  /** The value of a JavaScript expression in the page (returned by value). */
  evaluate<T>(expression: string): Promise<T>;
  /** Clicks the first element matching `selector` with the mouse, at its centre. */
  click(selector: string): Promise<void>;
}

/** A running headless Chromium. */
export class Browser {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve(m: Message): void; reject(e: Error): void }>();
  private readonly waiters: Array<{ match(m: Message): boolean; resolve(m: Message): void }> = [];
  private stderr = '';

  private constructor(
    private readonly proc: ChildProcess,
    private readonly profile: string,
  ) {
    const input = proc.stdio[4] as Readable;
    let buffer = '';
    input.setEncoding('utf8');
    input.on('data', (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf('\0'); end >= 0; end = buffer.indexOf('\0')) {
        this.dispatch(JSON.parse(buffer.slice(0, end)) as Message);
        buffer = buffer.slice(end + 1);
      }
    });
    (proc.stdio[2] as Readable).on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-4000)));
    proc.on('exit', () => {
      for (const p of this.pending.values()) p.reject(new Error(`chromium exited: ${this.stderr}`));
      this.pending.clear();
    });
  }

  /** Starts Chromium with a fresh profile folder. */
  static launch(executable: string): Browser {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-chromium-'));
    const proc = spawn(executable, [...FLAGS, `--user-data-dir=${profile}`, 'about:blank'], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
    });
    return new Browser(proc, profile);
  }

  /** Routes a message: the answer to a request, or an event someone waits for. */
  private dispatch(m: Message): void {
    if (m.id !== undefined) {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.error) p?.reject(new Error(m.error.message));
      else p?.resolve(m);
      return;
    }
    const i = this.waiters.findIndex((w) => w.match(m));
    if (i >= 0) this.waiters.splice(i, 1)[0]!.resolve(m);
  }

  /** Sends a request (to a page's session when given) and resolves with its result. */
  send(method: string, params: object = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = ++this.nextId;
    const out = this.proc.stdio[3] as Writable;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: (m) => resolve(m.result ?? {}), reject });
      out.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0');
    });
  }

  /** Resolves with the next event of a session by name. */
  private next(method: string, sessionId: string): Promise<Message> {
    return new Promise((resolve) =>
      this.waiters.push({ match: (m) => m.method === method && m.sessionId === sessionId, resolve }),
    );
  }

  /** Opens a file in a new tab, with JavaScript on or off, once it has loaded. */
  async open(file: string, opts: { javascript: boolean }): Promise<Page> {
    const { targetId } = await this.send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = (await this.send('Target.attachToTarget', { targetId, flatten: true })) as {
      sessionId: string;
    };
    if (!opts.javascript) await this.send('Emulation.setScriptExecutionDisabled', { value: true }, sessionId);
    await this.send('Page.enable', {}, sessionId);
    const loaded = this.next('Page.loadEventFired', sessionId);
    await this.send('Page.navigate', { url: `file://${file}` }, sessionId);
    await loaded;
    const evaluate = async <T>(expression: string): Promise<T> => {
      const r = (await this.send('Runtime.evaluate', { expression, returnByValue: true }, sessionId)) as {
        result: { value: T };
        exceptionDetails?: { text: string };
      };
      if (r.exceptionDetails) throw new Error(`${expression}: ${r.exceptionDetails.text}`);
      return r.result.value;
    };
    const click = async (selector: string): Promise<void> => {
      await this.send('Page.bringToFront', {}, sessionId); // input goes to the tab in front only
      const at = await evaluate<{ x: number; y: number }>(
        `(() => { const e = document.querySelector(${JSON.stringify(selector)}); e.scrollIntoView();` +
          ' const r = e.getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; })()',
      );
      for (const type of ['mouseMoved', 'mousePressed', 'mouseReleased'])
        await this.send('Input.dispatchMouseEvent', { type, ...at, button: 'left', clickCount: 1 }, sessionId);
    };
    return { evaluate, click };
  }

  /** Closes the browser, waits for it to exit and removes its profile folder. */
  async close(): Promise<void> {
    const exited = new Promise<void>((resolve) => {
      if (this.proc.exitCode !== null) resolve();
      else this.proc.once('exit', () => resolve());
    });
    await this.send('Browser.close').catch(() => undefined);
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    fs.rmSync(this.profile, { recursive: true, force: true });
  }
}
