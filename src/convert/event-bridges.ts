/**
 * Handlers for the bridge events (upstart-socket-bridge, upstart-file-bridge): the job becomes
 * a service activated by a .socket or .path unit.
 */
import { listenAddressProblem } from '../systemd/value-rules';
import { type LeafHandler, RANK, approx, argValue, describe, effect, none } from './event-effect';

/** `socket PROTO=inet PORT=n ADDR=a` / `socket PROTO=unix PATH=p` (upstart-socket-bridge). */
export const socketEvent: LeafHandler = (leaf, c) => {
  if (c.role === 'stop') {
    approx(c, leaf, 'a socket event as a stop condition has no equivalent; ignored');
    return none();
  }
  const proto = argValue(leaf, 'PROTO', 0);
  let address: string | undefined;
  if (proto === 'unix') {
    address = argValue(leaf, 'PATH') ?? argValue(leaf, 'SOCKET_PATH') ?? argValue(leaf, 'PATH', 1);
  } else if (proto === 'inet' || proto === 'inet6') {
    const port = argValue(leaf, 'PORT', 1);
    const addr = argValue(leaf, 'ADDR', 2);
    if (port !== undefined) address = addr ? (proto === 'inet6' ? `[${addr}]:${port}` : `${addr}:${port}`) : port;
  }
  // an address systemd's socket_address_parse() refuses would leave a .socket unit that fails to load
  const refused = address && !/[*?[$]/.test(address) ? listenAddressProblem(address) : undefined;
  if (!address || /[*?[$]/.test(address) || refused) {
    c.r.report(
      'convert/socket-unclear',
      leaf.pos,
      `start on ${describe(leaf)}: ` +
        (refused
          ? `systemd cannot listen on it: ${refused}; no .socket unit`
          : 'cannot tell which socket to listen on ' +
            '(need PROTO=inet PORT=… [ADDR=…] or PROTO=unix PATH=…); no .socket unit'),
    );
    return none();
  }
  c.r.report(
    'convert/socket-activation',
    leaf.pos,
    `started by connections to ${address}: ` +
      `a ${c.svc.unitName}.socket unit listens instead of upstart-socket-bridge; ` +
      'the listening socket is passed as fd 3 (UPSTART_FDS=3 is set for the daemon)',
    'check that the daemon takes its socket from UPSTART_FDS (or switch it to LISTEN_FDS); ' +
      'enable the .socket unit, not the service',
  );
  const eventEnv =
    proto === 'unix'
      ? ['PROTO=unix', `SOCKET_PATH=${address}`]
      : [
          `PROTO=${proto}`,
          `PORT=${argValue(leaf, 'PORT', 1)}`,
          ...(argValue(leaf, 'ADDR', 2) ? [`ADDR=${argValue(leaf, 'ADDR', 2)}`] : []),
        ];
  return effect({
    socket: { listen: [{ kind: 'stream', address }], source: leaf.pos, eventEnv },
    pulls: [{ unit: 'sockets.target', rank: RANK.activation }],
  });
};

/** `file FILE=/path EVENT=create|modify|delete` (upstart-file-bridge). */
export const fileEvent: LeafHandler = (leaf, c) => {
  if (c.role === 'stop') {
    approx(c, leaf, 'a file event as a stop condition has no equivalent; ignored');
    return none();
  }
  const file = argValue(leaf, 'FILE', 0);
  const ev = argValue(leaf, 'EVENT', 1);
  if (!file || file.includes('$') || !file.startsWith('/')) {
    const problem = file ? `"${file}" is not an absolute path, which a .path unit needs` : 'no FILE to watch';
    c.r.report(
      'convert/file-event-unclear',
      leaf.pos,
      `start on ${describe(leaf)}: ${problem}; no .path unit`,
      file?.startsWith('~')
        ? 'a path under ~ belongs to a user session job: write a user .path unit with the expanded path'
        : undefined,
    );
    return none();
  }
  if (ev === 'delete') {
    approx(
      c,
      leaf,
      'systemd path units cannot react to a file being deleted; ignored',
      'use a watcher service, or invert the logic with PathExists=',
    );
    return none();
  }
  const glob = /[*?[]/.test(file);
  const kind = file.endsWith('/')
    ? 'DirectoryNotEmpty'
    : ev === 'modify'
      ? 'PathModified'
      : glob
        ? 'PathExistsGlob'
        : ev === 'create'
          ? 'PathExists'
          : 'PathChanged';
  if (ev === undefined)
    approx(c, leaf, 'no EVENT given (create, modify or delete all match): watched with PathChanged=');
  const eventEnv = [`FILE=${file}`, ...(ev ? [`EVENT=${ev}`] : [])];
  return effect({
    path: { watches: [{ kind, path: file }], source: leaf.pos, eventEnv },
    pulls: [{ unit: 'paths.target', rank: RANK.activation }],
  });
};
