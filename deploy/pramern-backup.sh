#!/bin/sh
# A backup of the Pramern database: pg_dump in PostgreSQL's custom format (compressed, restorable
# table by table with pg_restore), one file per run, files older than KEEP_DAYS removed.
# Usage: pramern-backup.sh [DATABASE] [FOLDER] [KEEP_DAYS]   (defaults: pramern /var/backups/pramern 30)
# DATABASE is a database name (connected as the calling account over the local socket, as
# pramern-backup.service does as postgres) or a postgresql:// URL. Prints the file it wrote.
set -eu
db=${1:-pramern}
folder=${2:-/var/backups/pramern}
keep=${3:-30}
umask 077
mkdir -p "$folder"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
partial="$folder/.pramern-$stamp.dump.partial"
trap 'rm -f "$partial"' EXIT
pg_dump --format=custom --no-password --file="$partial" --dbname="$db"
mv "$partial" "$folder/pramern-$stamp.dump"
find "$folder" -maxdepth 1 -name 'pramern-*.dump' -mtime +"$keep" -delete
echo "$folder/pramern-$stamp.dump"
