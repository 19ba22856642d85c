#!/bin/sh -e
# heron-backupd-main.sh: the main of Upstart job heron-backupd, from /etc/init/heron-backupd.conf:17.
# Installed by upstart2systemd; run by heron-backupd.service as /bin/sh -e /usr/local/lib/upstart2systemd/heron-backupd-main.sh
if [ -r /etc/default/heron-backupd ]; then
    . /etc/default/heron-backupd
fi
exec /usr/sbin/heron-backupd --foreground $DAEMON_OPTS

