Whatever is found at duniverse/.monolock/index that is not an index monolock wrote (a link,
a FIFO, a directory, garbage, a file too large, another version, a truncated or edited one)
is ignored without a word and replaced by the next status that holds the workspace lock:
never followed, never waited on, never an error, and what status and pull print is the same.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ mkarchive alpha 1.0 && sum=sha256=$(sha256 srv/alpha-1.0.tgz)
  $ for d in a1 a2 a3; do cp srv/alpha-1.0.tgz srv/$d.tgz; src $d "$URL/$d.tgz" $sum; done && writelock
  $ monolock pull -q && sleep 3 && monolock status && sleep 3 && monolock status
  duniverse: 3 directories: 3 clean
  duniverse: 3 directories: 3 clean
  $ ix=duniverse/.monolock/index && cp $ix good && test -f $ix && echo written
  written
  $ check() { monolock status && monolock pull && test -f $ix && test ! -L $ix && cmp -s $ix good && echo replaced; }

A link to a file outside (neither read nor written through), a FIFO (a status that waited
on it would hang), a directory:

  $ echo precious > outside && ln -sf ../../outside $ix && check && cat outside
  duniverse: 3 directories: 3 clean
  duniverse is up to date (3 sources)
  replaced
  precious
  $ rm $ix && mkfifo $ix && timeout 20 bash -c "$(declare -f check); ix=$ix; check"
  duniverse: 3 directories: 3 clean
  duniverse is up to date (3 sources)
  replaced
  $ rm $ix && mkdir -p $ix/sub && echo x > $ix/sub/f && check
  duniverse: 3 directories: 3 clean
  duniverse is up to date (3 sources)
  replaced

Garbage, a file over the cap, another version, a truncated index, an index with one byte
changed (its checksum no longer matches):

  $ head -c 3000 /dev/urandom > $ix && check
  duniverse: 3 directories: 3 clean
  duniverse is up to date (3 sources)
  replaced
  $ rm $ix && truncate -s 300M $ix && check
  duniverse: 3 directories: 3 clean
  duniverse is up to date (3 sources)
  replaced
  $ sed '1s/index\/1/index\/9/' good > $ix && check
  duniverse: 3 directories: 3 clean
  duniverse is up to date (3 sources)
  replaced
  $ head -c $(( $(stat -c %s good) / 2 )) good > $ix && check
  duniverse: 3 directories: 3 clean
  duniverse is up to date (3 sources)
  replaced
  $ sed 's/^D a2 /D a2\/..\/a1 /' good > $ix && check
  duniverse: 3 directories: 3 clean
  duniverse is up to date (3 sources)
  replaced

A status of chosen directories reads their manifests, and verify trusts no stamp: neither
uses the index:

  $ monolock status a2 && monolock verify
  duniverse: 1 directory: 1 clean
  duniverse: 3 directories, 15 files hashed: identical to the lock
  $ unserve
