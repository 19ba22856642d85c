/**
 * Writes are atomic (temporary file + rename), never replace an existing file without --force,
 * and leave neither half-written files nor temporary files behind when something fails; they stay
 * below --out, never through a symlink; leftovers of dead runs are removed, those of live ones kept;
 * failures name their cause.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeWriteError, outputParts } from './paths';
import { processAlive, resetSweeps, sweepStaleTemps } from './temp';
import { writeOutput, writeOutputs } from './write';

const write = { force: false, dryRun: false };
const force = { force: true, dryRun: false };
/** A PID no process can have: above the largest pid_max Linux allows (2^22). */
const DEAD_PID = 4194305;

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-write-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/**
 * A file system whose first fsync (the sync before the renames) moves `folder` away and leaves a
 * symlink to it in its place: the race a rename must not be led through.
 */
function swapForSymlinkAtSync(folder: string): { swapping: typeof fs; elsewhere: string } {
  const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-elsewhere-'));
  let swapped = false;
  const swapping = {
    ...fs,
    fsyncSync: (fd: number) => {
      if (!swapped) {
        swapped = true;
        fs.renameSync(folder, path.join(elsewhere, 'moved'));
        fs.symlinkSync(path.join(elsewhere, 'moved'), folder);
      }
      fs.fsyncSync(fd);
    },
  } as typeof fs;
  return { swapping, elsewhere };
}

describe('writing output files', () => {
  it('writes a new file with the requested mode', () => {
    expect(
      writeOutput(dir, { name: 'a.sh', content: 'x\n', mode: 0o755 }, { force: false, dryRun: false }).status,
    ).toBe('written');
    expect(fs.statSync(path.join(dir, 'a.sh')).mode & 0o777).toBe(0o755);
  });

  it('keeps the old content intact and cleans up when the rename fails', () => {
    fs.writeFileSync(path.join(dir, 'a.service'), 'old\n');
    const failing = {
      ...fs,
      renameSync: () => {
        throw Object.assign(new Error('EIO'), { code: 'EIO' });
      },
    } as typeof fs;
    const o = writeOutput(dir, { name: 'a.service', content: 'new\n' }, { force: true, dryRun: false }, failing);
    expect(o).toMatchObject({ status: 'failed', diagnostic: { ruleId: 'output/write-failed' } });
    expect(fs.readFileSync(path.join(dir, 'a.service'), 'utf8')).toBe('old\n');
    expect(fs.readdirSync(dir)).toEqual(['a.service']);
  });

  it('does not replace a file that appears between the check and the write', () => {
    const racing = {
      ...fs,
      linkSync: (src: fs.PathLike, dest: fs.PathLike) => {
        fs.writeFileSync(dest, 'theirs\n');
        return fs.linkSync(src, dest);
      },
    } as typeof fs;
    const o = writeOutput(dir, { name: 'a.service', content: 'ours\n' }, { force: false, dryRun: false }, racing);
    expect(o).toMatchObject({ status: 'failed', diagnostic: { ruleId: 'output/exists' } });
    expect(fs.readFileSync(path.join(dir, 'a.service'), 'utf8')).toBe('theirs\n');
    expect(fs.readdirSync(dir)).toEqual(['a.service']);
  });

  it('reports an unchanged file without rewriting it', () => {
    fs.writeFileSync(path.join(dir, 'a.service'), 'same\n');
    const mtime = fs.statSync(path.join(dir, 'a.service')).mtimeMs;
    expect(writeOutput(dir, { name: 'a.service', content: 'same\n' }, { force: false, dryRun: false }).status).toBe(
      'unchanged',
    );
    expect(fs.statSync(path.join(dir, 'a.service')).mtimeMs).toBe(mtime);
  });
});

describe('writing only below --out', () => {
  let elsewhere: string;
  beforeEach(() => {
    elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-elsewhere-'));
  });
  afterEach(() => fs.rmSync(elsewhere, { recursive: true, force: true }));

  it('refuses a drop-in folder that is a symlink to elsewhere, with --force too', () => {
    fs.symlinkSync(elsewhere, path.join(dir, 'app.service.d'));
    const file = { name: 'app.service.d/50-upstart2systemd.conf', content: '[Service]\n' };
    for (const opts of [write, force]) {
      const o = writeOutput(dir, file, opts);
      expect(o).toMatchObject({ status: 'failed', diagnostic: { ruleId: 'output/symlink' } });
      expect(o.diagnostic!.message).toBe(
        `cannot be written: app.service.d is a symlink to ${elsewhere}; not followed, not written`,
      );
    }
    expect(fs.readdirSync(elsewhere)).toEqual([]);
  });

  it('refuses a file that is a symlink, dangling or not, and says which', () => {
    fs.symlinkSync(path.join(elsewhere, 'gone'), path.join(dir, 'a.service'));
    fs.writeFileSync(path.join(elsewhere, 'b'), 'theirs\n');
    fs.symlinkSync(path.join(elsewhere, 'b'), path.join(dir, 'b.service'));
    const a = writeOutput(dir, { name: 'a.service', content: 'x\n' }, force);
    expect(a).toMatchObject({ status: 'failed', diagnostic: { ruleId: 'output/symlink' } });
    expect(a.diagnostic!.message).toContain('(dangling: it points to nothing)');
    expect(writeOutput(dir, { name: 'b.service', content: 'x\n' }, force).diagnostic).toMatchObject({
      ruleId: 'output/symlink',
      message: `is a symlink to ${path.join(elsewhere, 'b')}; not followed, not written`,
    });
    expect(fs.readdirSync(elsewhere)).toEqual(['b']);
    expect(fs.readFileSync(path.join(elsewhere, 'b'), 'utf8')).toBe('theirs\n');
  });

  it.each(['../x.service', '/etc/x.service', 'a/../../x.service', 'a//b', '', 'a/./b'])(
    'refuses the name %j, which is no plain path inside --out',
    (name) => {
      expect(outputParts(name)).toBeNull();
      expect(writeOutput(dir, { name, content: 'x\n' }, force)).toMatchObject({
        status: 'failed',
        diagnostic: { ruleId: 'output/outside-out' },
      });
      expect(fs.readdirSync(path.dirname(dir)).filter((f) => f === 'x.service')).toEqual([]);
    },
  );

  it('creates missing folders below --out, and refuses a file where a folder should be', () => {
    expect(writeOutput(dir, { name: 'a.service.d/x.conf', content: 'x\n' }, write).status).toBe('written');
    expect(fs.lstatSync(path.join(dir, 'a.service.d')).isDirectory()).toBe(true);
    fs.writeFileSync(path.join(dir, 'b.service.d'), '');
    expect(writeOutput(dir, { name: 'b.service.d/x.conf', content: 'x\n' }, write).diagnostic).toMatchObject({
      ruleId: 'output/write-failed',
      message: 'cannot be written: b.service.d is not a folder; not written',
    });
  });
});

describe('a file that appears while writing', () => {
  it('is unchanged when another run wrote the same content between the check and the write', () => {
    const racing = {
      ...fs,
      linkSync: (src: fs.PathLike, dest: fs.PathLike) => {
        fs.writeFileSync(dest, 'same\n');
        return fs.linkSync(src, dest);
      },
    } as typeof fs;
    expect(writeOutput(dir, { name: 'a.service', content: 'same\n' }, write, racing)).toEqual({
      path: path.join(dir, 'a.service'),
      status: 'unchanged',
    });
    expect(fs.readdirSync(dir)).toEqual(['a.service']);
  });

  it('is refused as a symlink when a link appeared there', () => {
    const racing = {
      ...fs,
      linkSync: (src: fs.PathLike, dest: fs.PathLike) => {
        fs.symlinkSync('/nonexistent', dest);
        return fs.linkSync(src, dest);
      },
    } as typeof fs;
    expect(writeOutput(dir, { name: 'a.service', content: 'x\n' }, write, racing).diagnostic).toMatchObject({
      ruleId: 'output/symlink',
    });
  });
});

describe('temporary files', () => {
  it('are removed when writing fails, and the message names the cause', () => {
    for (const code of ['ENOSPC', 'EROFS', 'EACCES', 'EDQUOT']) {
      const full = {
        ...fs,
        writeFileSync: () => {
          throw Object.assign(new Error(code), { code });
        },
      } as unknown as typeof fs;
      const o = writeOutput(dir, { name: 'a.service', content: 'x\n' }, write, full);
      expect(o.diagnostic!.message).toBe(`cannot be written: ${describeWriteError(code)}`);
      expect(fs.readdirSync(dir)).toEqual([]);
    }
    expect(describeWriteError('ENOSPC')).toBe('no space left on the device (ENOSPC)');
    expect(describeWriteError('EACCES')).toBe('permission denied (EACCES)');
    expect(describeWriteError('EROFS')).toBe('read-only file system (EROFS)');
  });

  it("left by a run that was killed are removed by the next run writing there; a live run's are kept", () => {
    const dead = `.a.service.tmp-${DEAD_PID}-3`;
    const reaped = `.b.service.tmp-${spawnSync('true').pid}-1`;
    const live = `.c.service.tmp-${process.ppid}-1`;
    const own = `.d.service.tmp-${process.pid}-1`;
    for (const f of [dead, reaped, live, own, '.e.service.tmp-x-1', 'f.service'])
      fs.writeFileSync(path.join(dir, f), '');
    expect(processAlive(DEAD_PID)).toBe(false);
    expect(writeOutput(dir, { name: 'a.service', content: 'x\n' }, write).status).toBe('written');
    expect(fs.readdirSync(dir).sort()).toEqual([live, own, '.e.service.tmp-x-1', 'a.service', 'f.service'].sort());
  });

  it('left by a killed run are removed also when the file itself is unchanged, but not in a dry run', () => {
    const dead = `.a.service.tmp-${DEAD_PID}-1`;
    for (const f of [dead, 'a.service']) fs.writeFileSync(path.join(dir, f), 'x\n');
    expect(writeOutput(dir, { name: 'a.service', content: 'x\n' }, { force: false, dryRun: true }).status).toBe(
      'unchanged',
    );
    expect(fs.readdirSync(dir).sort()).toEqual([dead, 'a.service']);
    expect(writeOutput(dir, { name: 'a.service', content: 'x\n' }, write).status).toBe('unchanged');
    expect(fs.readdirSync(dir)).toEqual(['a.service']);
  });

  it('are swept once per folder, never following a symlink named like one', () => {
    const target = path.join(dir, 'target');
    fs.writeFileSync(target, 'keep\n');
    fs.symlinkSync(target, path.join(dir, `.x.tmp-${DEAD_PID}-1`));
    fs.mkdirSync(path.join(dir, `.y.tmp-${DEAD_PID}-1`));
    expect(sweepStaleTemps(dir)).toEqual([`.x.tmp-${DEAD_PID}-1`]);
    expect(fs.readFileSync(target, 'utf8')).toBe('keep\n');
    fs.writeFileSync(path.join(dir, `.z.tmp-${DEAD_PID}-1`), '');
    expect(sweepStaleTemps(dir)).toEqual([]);
  });
});

describe('a batch of files', () => {
  const many = (n: number, content = 'x\n') =>
    Array.from({ length: n }, (_, i) => ({ name: `etc/u${i}.service`, content }));

  it('is written whole, each file at its place with its mode and no temporary file left', () => {
    const files = [...many(20), { name: 'kit/run.sh', content: '#!/bin/sh\n', mode: 0o755 }];
    expect(writeOutputs(dir, files, write).map((o) => o.status)).toEqual(files.map(() => 'written'));
    expect(fs.readdirSync(path.join(dir, 'etc')).length).toBe(20);
    expect(fs.readFileSync(path.join(dir, 'etc', 'u7.service'), 'utf8')).toBe('x\n');
    expect(fs.statSync(path.join(dir, 'kit', 'run.sh')).mode & 0o777).toBe(0o755);
    expect(writeOutputs(dir, files, write).map((o) => o.status)).toEqual(files.map(() => 'unchanged'));
  });

  it('never replaces a differing file without --force, and replaces it with', () => {
    fs.mkdirSync(path.join(dir, 'etc'));
    fs.writeFileSync(path.join(dir, 'etc', 'u3.service'), 'theirs\n');
    const statuses = writeOutputs(dir, many(10), write).map((o) => o.status);
    expect(statuses.filter((s) => s === 'exists')).toEqual(['exists']);
    expect(statuses[3]).toBe('exists');
    expect(fs.readFileSync(path.join(dir, 'etc', 'u3.service'), 'utf8')).toBe('theirs\n');
    expect(writeOutputs(dir, many(10, 'y\n'), force).map((o) => o.status)).toEqual(many(10).map(() => 'written'));
    expect(fs.readFileSync(path.join(dir, 'etc', 'u3.service'), 'utf8')).toBe('y\n');
  });

  it('writes a text made piece by piece as its pieces joined, and compares it with an existing file the same way', () => {
    // pieces of more than the megabyte gathered before a write, with multi-byte characters across it
    const pieces = ['#!/bin/sh\n', 'é'.repeat(700_000), '\n', 'x'.repeat(600_000), '\n'];
    const streamed = { name: 'kit/migrate.sh', chunks: () => pieces, mode: 0o755 };
    expect(writeOutputs(dir, [...many(3), streamed], write).map((o) => o.status)).toEqual(Array(4).fill('written'));
    expect(fs.readFileSync(path.join(dir, 'kit', 'migrate.sh'), 'utf8')).toBe(pieces.join(''));
    expect(fs.statSync(path.join(dir, 'kit', 'migrate.sh')).mode & 0o777).toBe(0o755);
    expect(writeOutputs(dir, [streamed], write)[0]!.status).toBe('unchanged');
    // a longer text, a shorter one and one that differs inside are each a different file
    for (const other of [[...pieces, 'more\n'], pieces.slice(0, 3), ['#!/bin/sh\n', 'e', ...pieces.slice(2)]]) {
      const o = writeOutputs(dir, [{ ...streamed, chunks: () => other }], write)[0]!;
      expect(o.status).toBe('exists');
    }
    expect(fs.readFileSync(path.join(dir, 'kit', 'migrate.sh'), 'utf8')).toBe(pieces.join(''));
  });

  it('writes a file named twice in turn, as two writes one after the other would', () => {
    const twice = [...many(9), { name: 'etc/u1.service', content: 'other\n' }];
    const o = writeOutputs(dir, twice, write);
    expect(o[9]).toMatchObject({ status: 'exists', diagnostic: { ruleId: 'output/exists' } });
    expect(writeOutputs(dir, twice, force)[9]!.status).toBe('written');
    expect(fs.readFileSync(path.join(dir, 'etc', 'u1.service'), 'utf8')).toBe('other\n');
  });

  it('fails only the file whose sync failed, and leaves no temporary file', () => {
    const failing = {
      ...fs,
      fsyncSync: (fd: number) => {
        if (fs.readFileSync(fd, 'utf8') === 'bad\n') throw Object.assign(new Error('EIO'), { code: 'EIO' });
      },
    } as typeof fs;
    const files = [...many(9), { name: 'etc/bad.service', content: 'bad\n' }];
    const o = writeOutputs(dir, files, write, failing);
    expect(o.slice(0, 9).every((x) => x.status === 'written')).toBe(true);
    expect(o[9]!.diagnostic!.message).toBe(`cannot be written: ${describeWriteError('EIO')}`);
    expect(fs.readdirSync(path.join(dir, 'etc')).sort()).toEqual(
      many(9)
        .map((f) => path.basename(f.name))
        .sort(),
    );
  });

  it('puts nothing through a folder that became a symlink before the renames', () => {
    fs.mkdirSync(path.join(dir, 'etc'));
    const { swapping, elsewhere } = swapForSymlinkAtSync(path.join(dir, 'etc'));
    const o = writeOutputs(dir, many(10), write, swapping);
    expect(o.every((x) => x.diagnostic?.ruleId === 'output/symlink')).toBe(true);
    expect(fs.readdirSync(path.join(elsewhere, 'moved'))).toEqual([]);
    fs.rmSync(elsewhere, { recursive: true, force: true });
  });

  it('puts the files of a new folder in place with the folder, and leaves no staging tree', () => {
    fs.mkdirSync(path.join(dir, 'etc'));
    const files = many(12).map((f) => ({ ...f, name: f.name.replace('etc/', 'etc/systemd/system/') }));
    expect(writeOutputs(dir, files, write).every((o) => o.status === 'written')).toBe(true);
    expect(fs.readdirSync(path.join(dir, 'etc', 'systemd', 'system')).length).toBe(12);
    expect(fs.statSync(path.join(dir, 'etc', 'systemd')).mode & 0o777).toBe(0o755 & ~process.umask());
    expect(fs.readdirSync(dir)).toEqual(['etc']);
  });

  it('puts nothing through the way to a new folder when it became a symlink before the renames', () => {
    fs.mkdirSync(path.join(dir, 'a'));
    const { swapping, elsewhere } = swapForSymlinkAtSync(path.join(dir, 'a'));
    const files = many(10).map((f) => ({ ...f, name: f.name.replace('etc/', 'a/b/') }));
    const o = writeOutputs(dir, files, write, swapping);
    expect(o.every((x) => x.diagnostic?.ruleId === 'output/symlink')).toBe(true);
    expect(fs.readdirSync(path.join(elsewhere, 'moved'))).toEqual([]);
    expect(fs.readdirSync(dir)).toEqual(['a']);
    fs.rmSync(elsewhere, { recursive: true, force: true });
  });

  it('puts the files of a new folder in place one by one when the folder appeared meanwhile', () => {
    let made = false;
    const racing = {
      ...fs,
      fsyncSync: (fd: number) => {
        if (!made) {
          made = true;
          fs.mkdirSync(path.join(dir, 'etc'));
          fs.writeFileSync(path.join(dir, 'etc', 'u2.service'), 'theirs\n');
        }
        fs.fsyncSync(fd);
      },
    } as typeof fs;
    const o = writeOutputs(dir, many(10), write, racing);
    expect(o.map((x) => x.status)).toEqual(many(10).map((_, i) => (i === 2 ? 'failed' : 'written')));
    expect(o[2]!.diagnostic!.message).toContain('was created by someone else while writing');
    expect(fs.readFileSync(path.join(dir, 'etc', 'u2.service'), 'utf8')).toBe('theirs\n');
    expect(fs.readdirSync(path.join(dir, 'etc')).length).toBe(10);
    expect(fs.readdirSync(dir)).toEqual(['etc']);
  });

  it("removes the staging trees of killed runs, and keeps a live run's", () => {
    const dead = `.u2s-stage-${DEAD_PID}-1`;
    const live = `.u2s-stage-${process.ppid}-1`;
    for (const d of [dead, live]) fs.mkdirSync(path.join(dir, d, 'etc'), { recursive: true });
    fs.writeFileSync(path.join(dir, dead, 'etc', 'x.service'), 'x\n');
    resetSweeps();
    expect(writeOutputs(dir, many(9), write).every((o) => o.status === 'written')).toBe(true);
    expect(fs.readdirSync(dir).sort()).toEqual([live, 'etc'].sort());
  });
});
