/**
 * Bad input gets one clear diagnostic naming the file and the problem: huge files, unreadable
 * files, directories, FIFOs, dangling links and symlink loops. A NUL byte or bytes that are not
 * UTF-8 are read as Upstart reads them, with a warning (issue 17).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { isUtf8 } from 'node:buffer';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { decodeJobBytes, firstInvalidUtf8, readTextFile } from './files';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-read-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const at = (name: string): string => path.join(dir, name);
const problem = (p: string) => {
  const r = readTextFile(p);
  if (r.ok) throw new Error(`expected ${p} to be refused`);
  return r.diagnostic;
};

describe('reading job files', () => {
  it('reads a UTF-8 text file', () => {
    fs.writeFileSync(at('a.conf'), 'description "café"\n');
    expect(readTextFile(at('a.conf'))).toEqual({
      ok: true,
      file: { path: at('a.conf'), text: 'description "café"\n' },
    });
  });

  it('reads a file with a NUL byte as Upstart does, keeping the NUL for the parser, with a warning at it', () => {
    fs.writeFileSync(at('nul.conf'), Buffer.from('exec /bin/true\n\0\nrespawn\n'));
    const r = readTextFile(at('nul.conf'));
    if (!r.ok) throw new Error('expected the file to be read');
    expect(r.file.text).toBe('exec /bin/true\n\0\nrespawn\n');
    expect(r.notes).toEqual([
      expect.objectContaining({
        ruleId: 'input/nul-byte',
        severity: 'warning',
        file: at('nul.conf'),
        line: 2,
        column: 1,
      }),
    ]);
  });

  it('reads bytes that are not UTF-8 as Latin-1, warning at the first one', () => {
    fs.writeFileSync(
      at('latin1.conf'),
      Buffer.concat([Buffer.from('description "ok"\nauthor "Jos'), Buffer.from([0xe9]), Buffer.from('"\n')]),
    );
    const r = readTextFile(at('latin1.conf'));
    if (!r.ok) throw new Error('expected the file to be read');
    expect(r.file.text).toBe('description "ok"\nauthor "José"\n');
    expect(r.notes).toEqual([
      expect.objectContaining({ ruleId: 'input/not-utf8', severity: 'warning', line: 2, column: 12 }),
    ]);
    expect(r.notes![0]!.message).toContain('0xe9');
  });

  it('keeps UTF-8 sequences and reads only the stray bytes as Latin-1', () => {
    const bytes = Buffer.concat([Buffer.from('é'), Buffer.from([0xff, 0xc3]), Buffer.from('x\u2028')]);
    expect(decodeJobBytes(bytes)).toBe('é\u00ff\u00c3x\u2028');
  });

  it('decodes any bytes to valid UTF-8 without losing a byte or adding a line break', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (arr) => {
        const buf = Buffer.from(arr);
        const text = decodeJobBytes(buf);
        expect(isUtf8(Buffer.from(text, 'utf8'))).toBe(true);
        const breaks = (s: string): number => s.split('').filter((c) => c === '\n' || c === '\r' || c === '\0').length;
        expect(breaks(text)).toBe(buf.filter((b) => b === 0x0a || b === 0x0d || b === 0).length);
        if (isUtf8(buf)) expect(text).toBe(buf.toString('utf8'));
        else expect(text.length).toBeGreaterThan(0);
      }),
    );
  });

  it('refuses a 50 MB file without reading it', () => {
    fs.writeFileSync(at('huge.conf'), '');
    fs.truncateSync(at('huge.conf'), 50 * 1024 * 1024);
    const reads: string[] = [];
    const r = readTextFile(at('huge.conf'), {
      statSync: fs.statSync,
      readFileSync: (p: string) => (reads.push(p), fs.readFileSync(p)),
    });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.diagnostic).toMatchObject({ ruleId: 'input/too-large' });
    expect(reads).toEqual([]);
  });

  it('refuses an unreadable file with the reason', () => {
    fs.writeFileSync(at('secret.conf'), 'task\n');
    const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    const r = readTextFile(at('secret.conf'), {
      statSync: fs.statSync,
      readFileSync: () => {
        throw denied;
      },
    });
    expect(!r.ok && r.diagnostic).toMatchObject({ ruleId: 'input/unreadable', message: 'permission denied (EACCES)' });
  });

  it('refuses a directory named like a job file', () => {
    fs.mkdirSync(at('x.conf'));
    expect(problem(at('x.conf'))).toMatchObject({ ruleId: 'input/is-directory', severity: 'error' });
  });

  it('refuses a symlink loop and a dangling link', () => {
    fs.symlinkSync(at('b.conf'), at('a.conf'));
    fs.symlinkSync(at('a.conf'), at('b.conf'));
    expect(problem(at('a.conf'))).toMatchObject({ ruleId: 'input/symlink-loop' });
    fs.symlinkSync(at('missing'), at('dangling.conf'));
    expect(problem(at('dangling.conf'))).toMatchObject({ ruleId: 'input/not-found' });
  });

  it('refuses a FIFO instead of blocking on it', () => {
    execFileSync('mkfifo', [at('pipe.conf')]);
    expect(problem(at('pipe.conf'))).toMatchObject({ ruleId: 'input/not-regular', severity: 'error' });
  });
});

describe('the UTF-8 check', () => {
  it('agrees with Node on arbitrary bytes', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.uint8Array({ maxLength: 4 }),
            fc.string({ unit: 'binary', maxLength: 4 }).map((s) => Buffer.from(s)),
          ),
          { maxLength: 16 },
        ),
        (parts) => {
          const buf = Buffer.concat(parts.map((p) => Buffer.from(p)));
          expect(firstInvalidUtf8(buf) === -1).toBe(isUtf8(buf));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('finds the offset of the first invalid sequence', () => {
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xc3, 0xa9, 0xed, 0xa0, 0x80]))).toBe(3); // a surrogate
    expect(firstInvalidUtf8(Buffer.from([0xe2, 0x82]))).toBe(0); // truncated at the end
  });
});
