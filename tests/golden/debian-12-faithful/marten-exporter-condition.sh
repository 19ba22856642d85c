#!/bin/sh -e
# marten-exporter-condition.sh: the condition of Upstart job marten-exporter, from /etc/init/marten-exporter.conf:13.
# Installed by upstart2systemd; run by marten-exporter.service as /bin/sh -e /usr/local/lib/upstart2systemd/marten-exporter-condition.sh
stop() { UPSTART2SYSTEMD_STOP=1; }
trap 'rc=$?; if [ "$rc" -ne 0 ]; then exit 255; elif [ -n "${UPSTART2SYSTEMD_STOP:-}" ]; then exit 1; fi' EXIT
[ -x /usr/sbin/marten-exporter ] || { stop; exit 0; }
ENABLED=no
[ -f /etc/default/marten-exporter ] && . /etc/default/marten-exporter
if [ "$ENABLED" != yes ]; then
    stop; exit 0
fi
mkdir -p /var/lib/marten

