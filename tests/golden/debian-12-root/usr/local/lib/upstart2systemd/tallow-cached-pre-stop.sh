#!/bin/sh -e
# tallow-cached-pre-stop.sh: the pre-stop of Upstart job tallow-cached, from /etc/init/tallow-cached.conf:22.
# Installed by upstart2systemd; run by tallow-cached.service as /bin/sh -e /usr/local/lib/upstart2systemd/tallow-cached-pre-stop.sh
[ -n "$MAINPID" ] || exit 0
exec /usr/bin/tallow-ctl --socket /var/run/tallow/tallow.sock flush

