#!/bin/sh -e
# quill-spoold-main.sh: the main of Upstart job quill-spoold, from /etc/init/quill-spoold.conf:14.
# Installed by upstart2systemd; run by quill-spoold.service as /bin/sh -e /usr/local/lib/upstart2systemd/quill-spoold-main.sh
HOST="$(hostname -f)"
OPTS="--spool-dir $SPOOL_DIR --log-file /var/log/quill/spoold.log"
if [ -n "$QUILL_DEBUG" ]; then
    OPTS="$OPTS --verbose"
fi
# the daemon expands $sender itself, so keep it in single quotes
exec /usr/sbin/quill-spoold $OPTS \
    --banner "$QUILL_BANNER on $HOST" \
    --bounce-template 'Undeliverable: mail from $sender'

