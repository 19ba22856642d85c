#!/bin/sh -e
# marten-exporter-pre-start.sh: the pre-start of Upstart job marten-exporter, from /etc/init/marten-exporter.conf:13.
# Installed by upstart2systemd; run by marten-exporter.service as /bin/sh -e /usr/local/lib/upstart2systemd/marten-exporter-pre-start.sh
stop() { echo "marten-exporter: pre-start asked to stop; failing the start (no ExecCondition= before systemd 243)" >&2; exit 1; }
[ -x /usr/sbin/marten-exporter ] || { stop; exit 0; }
ENABLED=no
[ -f /etc/default/marten-exporter ] && . /etc/default/marten-exporter
if [ "$ENABLED" != yes ]; then
    stop; exit 0
fi
mkdir -p /var/lib/marten

