/**
 * Writes are atomic (temporary file + rename), never replace an existing file without --force,
 * and leave neither half-written files nor temporary files behind when something fails.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeOutput } from './write';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-write-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

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
