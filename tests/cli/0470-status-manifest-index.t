A status of every directory that holds the workspace lock writes duniverse/.monolock/index,
the manifests in one file, once their stamps are recorded and they are older than the racy
window; status and a no-op pull then read it instead of each manifest. It is only a cache:
what they print is the same with or without it.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ mkarchive alpha 1.0 && sum=sha256=$(sha256 srv/alpha-1.0.tgz)
  $ for d in a1 a2 a3 a4 a5; do cp srv/alpha-1.0.tgz srv/$d.tgz; src $d "$URL/$d.tgz" $sum; done && writelock
  $ monolock pull -q
  $ sleep 3 && monolock status
  duniverse: 5 directories: 5 clean
  $ test -e duniverse/.monolock/index || echo no index while the manifests are new
  no index while the manifests are new
  $ sleep 3 && monolock status
  duniverse: 5 directories: 5 clean
  $ head -c 17 duniverse/.monolock/index && echo && grep -c '^D ' duniverse/.monolock/index
  monolock-index/1 
  5
  $ cp duniverse/.monolock/index index.before
  $ monolock status && monolock pull
  duniverse: 5 directories: 5 clean
  duniverse is up to date (5 sources)
  $ cmp index.before duniverse/.monolock/index && echo index unchanged
  index unchanged

Files are always stat'ed: a file edited after the index was written, with its size and mtime
kept, is modified (its ctime tells); a file added is seen through its directory's stamp:

  $ f=duniverse/a1/VERSION && cp -p $f ref && echo 9.9 > $f && touch -r ref $f
  $ echo new > duniverse/a2/src/NEW
  $ monolock status -v
  modified        duniverse/a1/ (1 modified, 0 added, 0 deleted)
    modified  duniverse/a1/VERSION
  modified        duniverse/a2/ (0 modified, 1 added, 0 deleted)
    added     duniverse/a2/src/NEW
  clean           duniverse/a3/
  clean           duniverse/a4/
  clean           duniverse/a5/
  duniverse: 5 directories: 3 clean, 2 modified
  $ monolock pull
  duniverse is up to date (5 sources)
  2 directories have unsaved edits (`monolock status -v` lists them): a1, a2

A manifest changed in place with its size, inode and mtime kept (its key now names another
source) makes its entry stale: the manifest is read, and the directory is out of date:

  $ m=duniverse/.monolock/manifests/a3 && cp -p $m mref
  $ sed 's/a3\.tgz/a9.tgz/' mref > m.new && stat -c %s mref m.new && ls -i $m | cut -d' ' -f1 > ino1
  * (glob)
  * (glob)
  $ cat m.new > $m && touch -r mref $m && ls -i $m | cut -d' ' -f1 | cmp - ino1 && cmp -s mref $m || echo changed in place
  changed in place
  $ monolock status 2>&1 | grep a3
  out of date     duniverse/a3/ (pull replaces it)

A source removed by hand is missing, and pulled again; the index follows:

  $ rm -rf duniverse/a4 && monolock status 2>&1 | grep a4
  missing         duniverse/a4/ (pull creates it)
  $ monolock pull 2>&1 | sort
  pulled 2 sources (*, * from cache) in * s (glob)
  pulled a3
  pulled a4
  $ echo 1.0 > duniverse/a1/VERSION && rm duniverse/a2/src/NEW
  $ sleep 3 && monolock status && sleep 3 && monolock status
  duniverse: 5 directories: 5 clean
  duniverse: 5 directories: 5 clean
  $ grep -c '^D ' duniverse/.monolock/index
  5

Deleting the index is always safe:

  $ rm duniverse/.monolock/index && monolock status && monolock pull
  duniverse: 5 directories: 5 clean
  duniverse is up to date (5 sources)
  $ test -f duniverse/.monolock/index && echo rebuilt
  rebuilt
  $ unserve
