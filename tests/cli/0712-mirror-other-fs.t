Into a directory on another file system than the cache's (here /dev/shm: skipped where there
is none, or where the tests run on it), `mirror DIR` cannot link (EXDEV) and copies: each
entry its own file, read back after its sync and verified, byte-identical; its other names
are links to that copy.

  $ other=$(stat -c %d "$PWD") && [ -d /dev/shm ] && [ -w /dev/shm ] && [ "$(stat -c %d /dev/shm)" != "$other" ] || exit 80
  $ shm=$(mktemp -d /dev/shm/monolock-0712.XXXXXX) && trap 'rm -rf "$shm"' EXIT
  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ mkarchive alpha 1.0 && mkarchive beta 1.0
  $ src alpha "$URL/alpha-1.0.tgz" "sha256=$(sha256 srv/alpha-1.0.tgz)"
  $ src beta "$URL/beta-1.0.tgz" "sha256=$(sha256 srv/beta-1.0.tgz)" "md5=$(md5 srv/beta-1.0.tgz)"
  $ writelock
  $ monolock pull -q
  $ unserve
  $ monolock mirror --offline "$shm/m"
  mirrored 2 sources: 3 entries added, 0 already there
  $ for n in alpha beta; do
  >   h=$(sha256 srv/$n-1.0.tgz) && e="$shm/m/sha256/${h:0:2}/$h" && c=cache/monolock/archives/sha256/${h:0:2}/$h &&
  >   cmp srv/$n-1.0.tgz "$e" && [ "$(stat -c %d:%i "$e")" != "$(stat -c %d:%i "$c")" ] &&
  >   echo "$n: a copy, $(stat -c '%a, %h names' "$e")"
  > done
  alpha: a copy, 644, 1 names
  beta: a copy, 644, 2 names
  $ m=$(md5 srv/beta-1.0.tgz) && cmp srv/beta-1.0.tgz "$shm/m/md5/${m:0:2}/$m" && echo md5 name
  md5 name
  $ find "$shm/m" -name '.tmp-*' | wc -l
  0
  $ monolock mirror --offline "$shm/m"
  mirrored 2 sources: 0 entries added, 3 already there
  $ rm -rf cache && monolock mirror --check "$shm/m" | sed "s#$shm#SHM#"
  SHM/m has every source of the lock (2)
  $ rm -rf duniverse && monolock pull -q --offline --mirror "file://$shm/m" && state alpha beta
  alpha 1.0
  beta 1.0
