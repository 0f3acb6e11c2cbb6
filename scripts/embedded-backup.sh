#!/bin/sh
# Cold backup and restore of the embedded PostgreSQL that Candor runs when no QUARKUS_DATASOURCE_JDBC_URL
# is set (the default outside Kubernetes). Its data lives in <data dir>/pgdata, <data dir> being
# CANDOR_DATA_DIR or ./.candor. A copy is consistent only while that PostgreSQL is stopped, that is while
# Candor is stopped, so both commands refuse to touch a directory PostgreSQL is running on.
#
#   scripts/embedded-backup.sh backup  <data dir> <archive.tar.gz>
#   scripts/embedded-backup.sh restore <archive.tar.gz> <data dir>
#
# The archive holds pgdata together with pgdata.secret (the database passwords, without which the restored
# cluster cannot be opened) and webhook.key (which decrypts the webhook secrets): keep it as safe as the keys.
# restore moves an existing <data dir>/pgdata aside (pgdata.before-restore-<time>) rather than delete it,
# and the two key files with it.
# The archive opens only with the PostgreSQL major version that wrote it (17); the script prints it.
# Tested by io.candor.common.db.EmbeddedRestoreIT, which runs exactly this script.
set -eu

usage() {
    echo "usage: $0 backup <data dir> <archive.tar.gz> | restore <archive.tar.gz> <data dir>" >&2
    exit 2
}

refuse_if_running() {
    if [ -e "$1/postmaster.pid" ]; then
        echo "PostgreSQL is running on $1 (postmaster.pid exists): stop Candor and wait for it to exit first." >&2
        echo "If Candor crashed, start it once and stop it again so that PostgreSQL recovers and cleans up." >&2
        exit 1
    fi
}

[ $# -eq 3 ] || usage
case "$1" in
    backup)
        pgdata="$2/pgdata"
        archive="$3"
        [ -f "$pgdata/PG_VERSION" ] || { echo "no PostgreSQL data in $pgdata" >&2; exit 1; }
        refuse_if_running "$pgdata"
        files=pgdata
        for f in pgdata.secret webhook.key; do
            [ -e "$2/$f" ] && files="$files $f"
        done
        # shellcheck disable=SC2086
        (umask 077 && tar -czf "$archive" -C "$2" $files)
        echo "backed up $pgdata (PostgreSQL $(cat "$pgdata/PG_VERSION")) to $archive"
        ;;
    restore)
        archive="$2"
        pgdata="$3/pgdata"
        [ -f "$archive" ] || { echo "no archive $archive" >&2; exit 1; }
        mkdir -p "$3"
        if [ -e "$pgdata" ]; then
            refuse_if_running "$pgdata"
            aside="$pgdata.before-restore-$(date +%Y%m%dT%H%M%S)"
            mv "$pgdata" "$aside"
            for f in pgdata.secret webhook.key; do
                [ -e "$3/$f" ] && mv "$3/$f" "$aside.$f"
            done
            echo "moved the current data aside to $aside"
        fi
        tar -xzpf "$archive" -C "$3"
        echo "restored $pgdata (PostgreSQL $(cat "$pgdata/PG_VERSION")) from $archive; start Candor with CANDOR_DATA_DIR=$3"
        ;;
    *)
        usage
        ;;
esac
