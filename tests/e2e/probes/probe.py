#!/usr/bin/python3
"""Probe program of upstart2systemd's end-to-end tests.

Copied inside the lab to every path the example jobs execute (/usr/sbin/acme-relayd,
/usr/bin/tallow-ctl, ...). It records what it sees as JSON lines and behaves as the test asks.

Configuration: /etc/u2s-probe/<name>.json, <name> being the basename of argv[0] (a missing file
means: record, then run until signalled). Keys:

  tag        copied into every record (the test filters on it)
  record     file to append the records to (default /var/lib/u2s-probe/<name>.jsonl), or
             "stdout" (the unit's journal; lines start with "U2S-PROBE ")
  runs       list of behaviours, one per run (the Nth start uses runs[N-1], the last one repeats);
             or put the behaviour keys at the top level for every run

Behaviour keys (all optional):
  stat         paths to stat at start (owner, mode, type) before doing anything
  try_write    paths to create/append at start; each result is recorded (ok or errno name)
  fork         1 (fork once, like "expect fork") or 2 (fork, setsid, fork: "expect daemon");
               the parent exits 0 once the daemon has written its pid file
  pidfile_arg  option whose next argument is the pid file to write (e.g. "--pidfile")
  write_pid    path of an extra pid file to write (e.g. tallow.pid)
  sigstop      stop itself with SIGSTOP once ready ("expect stop"), recorded after SIGCONT
  listen_fd_env  name of the variable holding the listening socket's fd (UPSTART_FDS): accept
               connections on it and answer each with one line
  unix_server_arg option whose next argument is a unix socket path to serve (answers "ok <cmd>")
  unix_client_arg option whose next argument is a unix socket to send argv[-1] to; "--wait N"
               in argv retries for N seconds; the reply is recorded, failure exits 1
  ignore       signal names to record and otherwise ignore (e.g. ["SIGTERM"])
  exit_after   seconds after start to exit (0: at once, after the actions); default: never
  exit_code    exit status for exit_after (default 0)

Every record has: event, tag, name, run, pid, mono (CLOCK_MONOTONIC seconds), and the start
record the full picture: argv, ppid, uid, gid, euid, egid, groups, umask, nice, cwd, env,
oom_score_adj, rlimits, fds, cgroup (the cgroup v2 path: the unit's own, or a session scope a PAM
module moved the process into).

`probe.py --client tcp HOST PORT [MESSAGE]` connects, sends MESSAGE and prints the reply.
"""
import errno
import json
import os
import resource
import select
import signal
import socket
import sys
import time

CONF_DIR = '/etc/u2s-probe'
DEFAULT_DIR = '/var/lib/u2s-probe'
SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGUSR1', 'SIGUSR2', 'SIGQUIT', 'SIGCONT']

NAME = os.path.basename(sys.argv[0])
conf = {}
beh = {}
state = {'run': 0}


def load_conf():
    global conf
    try:
        with open(os.path.join(CONF_DIR, NAME + '.json')) as f:
            conf = json.load(f)
    except FileNotFoundError:
        conf = {}
    except Exception as e:  # a broken config must be visible, not silently ignored
        conf = {'config_error': repr(e)}


def record_path():
    return conf.get('record') or os.path.join(DEFAULT_DIR, NAME + '.jsonl')


def emit(event, **fields):
    rec = {'event': event, 'tag': conf.get('tag'), 'name': NAME, 'run': state['run'],
           'pid': os.getpid(), 'mono': time.monotonic()}
    rec.update(fields)
    line = json.dumps(rec, sort_keys=True)
    path = record_path()
    if path == 'stdout':
        try:
            os.write(1, ('U2S-PROBE ' + line + '\n').encode())
        except OSError:
            pass
        return
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
        try:
            os.write(fd, (line + '\n').encode())
        finally:
            os.close(fd)
    except OSError as e:
        try:
            os.write(2, ('U2S-PROBE cannot record to %s: %s\n' % (path, e)).encode())
        except OSError:
            pass


def count_previous_runs():
    """Runs are counted from the start records already written with the same tag."""
    path = record_path()
    if path == 'stdout':
        return 0
    n = 0
    try:
        with open(path) as f:
            for line in f:
                try:
                    r = json.loads(line)
                except ValueError:
                    continue
                if r.get('event') == 'start' and r.get('tag') == conf.get('tag') and r.get('name') == NAME:
                    n += 1
    except OSError:
        pass
    return n


def behaviour_for(run):
    runs = conf.get('runs')
    if isinstance(runs, list) and runs:
        return runs[min(run - 1, len(runs) - 1)]
    return conf


def arg_after(option):
    argv = sys.argv
    for i, a in enumerate(argv[:-1]):
        if a == option:
            return argv[i + 1]
        if a.startswith(option + '='):
            return a[len(option) + 1:]
    return None


def umask():
    try:
        with open('/proc/self/status') as f:
            for line in f:
                if line.startswith('Umask:'):
                    return line.split()[1]
    except OSError:
        pass
    return None


def read_first(path):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError as e:
        return 'error:' + errno.errorcode.get(e.errno, str(e.errno))


def fds():
    out = {}
    try:
        for n in sorted(os.listdir('/proc/self/fd'), key=int):
            try:
                out[n] = os.readlink('/proc/self/fd/' + n)
            except OSError:
                pass
    except OSError:
        pass
    return out


def cgroup():
    try:
        with open('/proc/self/cgroup') as f:
            for line in f:
                if line.startswith('0::'):
                    return line[3:].strip()
    except OSError as e:
        return 'error:' + errno.errorcode.get(e.errno, str(e.errno))
    return None


def rlimits():
    out = {}
    for name in ('RLIMIT_NOFILE', 'RLIMIT_CORE', 'RLIMIT_MEMLOCK', 'RLIMIT_NPROC'):
        soft, hard = resource.getrlimit(getattr(resource, name))
        out[name[7:].lower()] = [soft if soft != resource.RLIM_INFINITY else 'infinity',
                                 hard if hard != resource.RLIM_INFINITY else 'infinity']
    return out


def snapshot():
    try:
        cwd = os.getcwd()
    except OSError as e:
        cwd = 'error:' + str(e)
    return dict(argv=sys.argv, ppid=os.getppid(), uid=os.getuid(), gid=os.getgid(), euid=os.geteuid(),
                egid=os.getegid(), groups=sorted(os.getgroups()), umask=umask(), nice=os.nice(0), cwd=cwd,
                env=dict(os.environ), oom_score_adj=read_first('/proc/self/oom_score_adj'),
                rlimits=rlimits(), fds=fds(), cgroup=cgroup(), hostname=socket.gethostname(), config_error=conf.get('config_error'))


def do_stat(paths):
    out = {}
    for p in paths:
        try:
            st = os.lstat(p)
            kind = 'dir' if os.path.isdir(p) else 'socket' if (st.st_mode & 0o170000) == 0o140000 else 'file'
            out[p] = {'uid': st.st_uid, 'gid': st.st_gid, 'mode': '%04o' % (st.st_mode & 0o7777), 'type': kind}
        except OSError as e:
            out[p] = {'error': errno.errorcode.get(e.errno, str(e.errno))}
    return out


def do_writes(paths):
    out = {}
    for p in paths:
        try:
            fd = os.open(p, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
            os.write(fd, ('written by %s pid %d\n' % (NAME, os.getpid())).encode())
            os.close(fd)
            st = os.stat(p)
            out[p] = {'ok': True, 'uid': st.st_uid, 'mode': '%04o' % (st.st_mode & 0o7777)}
        except OSError as e:
            out[p] = {'ok': False, 'error': errno.errorcode.get(e.errno, str(e.errno))}
    return out


def write_file(path, text):
    d = os.path.dirname(path)
    if d and not os.path.isdir(d):
        os.makedirs(d, exist_ok=True)
    tmp = path + '.tmp'
    with open(tmp, 'w') as f:
        f.write(text)
    os.rename(tmp, path)


def daemonize(mode, pidfile):
    """fork once (mode 1) or fork, setsid, fork (mode 2); returns in the daemon process only."""
    r, w = os.pipe()
    pid = os.fork()
    if pid > 0:  # the process systemd started: wait until the daemon is ready, then exit 0
        os.close(w)
        ready = os.read(r, 64).decode()
        emit('parent-exit', child=pid, daemon=int(ready) if ready.strip().isdigit() else None)
        os._exit(0)
    os.close(r)
    if mode == 2:
        os.setsid()
        pid2 = os.fork()
        if pid2 > 0:
            emit('intermediate-exit', child=pid2)
            os._exit(0)
    if pidfile:
        write_file(pidfile, '%d\n' % os.getpid())
    emit('daemon', ppid=os.getppid(), sid=os.getsid(0), pidfile=pidfile)
    os.write(w, str(os.getpid()).encode())
    os.close(w)


pending = []


def on_signal(signum, _frame):
    pending.append(signum)


def handle_pending():
    while pending:
        signum = pending.pop(0)
        name = signal.Signals(signum).name
        emit('signal', sig=name)
        if name in beh.get('ignore', []) or name in ('SIGHUP', 'SIGUSR1', 'SIGUSR2', 'SIGCONT'):
            continue
        # default action: die of the signal, as a daemon without a handler would
        emit('exit', by=name)
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        time.sleep(1)
        os._exit(128 + signum)


def client_mode(argv):
    kind, host, port = argv[0], argv[1], int(argv[2])
    msg = argv[3] if len(argv) > 3 else 'hello'
    assert kind == 'tcp'
    s = socket.create_connection((host, port), timeout=10)
    s.sendall((msg + '\n').encode())
    data = b''
    while not data.endswith(b'\n'):
        chunk = s.recv(4096)
        if not chunk:
            break
        data += chunk
    sys.stdout.write(data.decode())
    return 0


def unix_client(path):
    wait = float(arg_after('--wait') or 0)
    cmd = sys.argv[-1]
    deadline = time.monotonic() + wait
    last = None
    while True:
        try:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.settimeout(5)
            s.connect(path)
            s.sendall((cmd + '\n').encode())
            reply = s.recv(4096).decode().strip()
            s.close()
            emit('client', socket=path, command=cmd, reply=reply)
            return True
        except OSError as e:
            last = errno.errorcode.get(e.errno, str(e.errno))
            if time.monotonic() >= deadline:
                emit('client', socket=path, command=cmd, error=last)
                return False
            time.sleep(0.05)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == '--client':
        return client_mode(sys.argv[2:])
    load_conf()
    state['run'] = count_previous_runs() + 1
    global beh
    beh = behaviour_for(state['run'])
    for name in SIGNALS:
        signal.signal(getattr(signal, name), on_signal)
    wake_r, wake_w = os.pipe()  # signals wake the select loop at once
    os.set_blocking(wake_w, False)
    os.set_blocking(wake_r, False)
    signal.set_wakeup_fd(wake_w, warn_on_full_buffer=False)
    start = snapshot()
    if beh.get('stat'):
        start['stat'] = do_stat(beh['stat'])
    emit('start', **start)
    if beh.get('try_write'):
        emit('writes', results=do_writes(beh['try_write']))

    if beh.get('unix_client_arg'):
        ok = unix_client(arg_after(beh['unix_client_arg']))
        emit('exit', code=0 if ok else 1)
        return 0 if ok else 1

    if beh.get('fork'):
        daemonize(int(beh['fork']), arg_after(beh['pidfile_arg']) if beh.get('pidfile_arg') else None)
    if beh.get('write_pid'):
        write_file(beh['write_pid'], '%d\n' % os.getpid())

    listeners = {}
    if beh.get('listen_fd_env'):
        fdnum = int(os.environ.get(beh['listen_fd_env'], '-1'))
        try:
            ls = socket.socket(fileno=fdnum)
            ls.setblocking(False)
            listeners[ls.fileno()] = ('tcp', ls)
            emit('listen', fd=fdnum, sockname=list(ls.getsockname()) if isinstance(ls.getsockname(), tuple) else ls.getsockname())
        except OSError as e:
            emit('listen', fd=fdnum, error=str(e))
    if beh.get('unix_server_arg'):
        path = arg_after(beh['unix_server_arg'])
        us = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        us.bind(path)  # left behind on exit, as a daemon killed by a signal would leave it
        us.listen(16)
        us.setblocking(False)
        listeners[us.fileno()] = ('unix', us)
        emit('listen', socket=path)

    if beh.get('sigstop'):
        emit('sigstop')
        os.kill(os.getpid(), signal.SIGSTOP)
        emit('resumed')

    exit_at = None
    if beh.get('exit_after') is not None:
        exit_at = time.monotonic() + float(beh['exit_after'])
    while True:
        handle_pending()
        now = time.monotonic()
        if exit_at is not None and now >= exit_at:
            code = int(beh.get('exit_code', 0))
            emit('exit', code=code)
            return code
        timeout = 0.2 if exit_at is None else max(0.0, min(0.2, exit_at - now))
        try:
            ready, _, _ = select.select(list(listeners) + [wake_r], [], [], timeout)
        except InterruptedError:
            continue
        for fd in ready:
            if fd == wake_r:
                try:
                    os.read(wake_r, 512)
                except OSError:
                    pass
                continue
            kind, ls = listeners[fd]
            try:
                conn, _ = ls.accept()
            except OSError:
                continue
            conn.setblocking(True)
            conn.settimeout(5)
            try:
                data = conn.recv(4096).decode().strip()
                reply = '%s ok %s pid=%d uid=%d' % (NAME, data, os.getpid(), os.getuid())
                conn.sendall((reply + '\n').encode())
                emit('conn', kind=kind, received=data, reply=reply)
            except OSError as e:
                emit('conn', kind=kind, error=str(e))
            finally:
                conn.close()


if __name__ == '__main__':
    sys.exit(main())
