/**
 * Which files in a job directory Upstart loads, and what it calls them (init/conf.c, nih/file.c).
 * Pure functions over path strings; the directory walk itself lives in src/read.
 */

/** The kind of a directory entry by name: a job file, an override, or neither. */
export function fileKind(name: string): 'conf' | 'override' | null {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return null; // no extension, or a bare ".conf"
  const ext = name.slice(dot);
  if (ext === '.conf') return 'conf';
  if (ext === '.override') return 'override';
  return null;
}

/** True for directory names libnih's nih_file_ignore skips while walking (hidden, backups, VCS, dpkg). */
export function isIgnoredDir(name: string): boolean {
  return (
    name.startsWith('.') ||
    name.endsWith('~') ||
    /\.(bak|BAK|swp|swo|swn|rpmsave|rpmorig|rpmnew)$/.test(name) ||
    /\.dpkg-[a-z]+$/.test(name) ||
    /^#.*#$/.test(name) ||
    name.endsWith(',v') ||
    ['RCS', 'CVS', 'CVS.adm', 'SCCS'].includes(name) ||
    /;[0-9a-fA-F]{8}$/.test(name)
  );
}

/** The job name of a file: its path below the job directory without the extension (`net/apache`). */
export function jobNameFromPath(sourceDir: string, path: string): string {
  let rel = path.startsWith(sourceDir) ? path.slice(sourceDir.length) : path;
  rel = rel.replace(/^\/+/, '');
  return rel.replace(/\.(conf|override)$/, '');
}

/** Where Upstart's `console log` wrote a job's output (JP job_process_log_path). */
export function logPath(job: string, instance = '', logDir = '/var/log/upstart'): string {
  const j = job.replace(/\//g, '_');
  const i = instance.replace(/\//g, '_');
  return `${logDir}/${j}${instance ? `-${i}` : ''}.log`;
}
