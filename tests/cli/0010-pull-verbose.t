pull -v says what became of each directory: downloaded (and from where), taken from the
cache, exported from git, unchanged or removed. Without -v, none of it.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ cp -R "$PULL_FIX/src/beta" repo && cd repo && git init -q && echo 1.0 > VERSION
  $ git add -A && git -c user.name=t -c user.email=t@example.com commit -qm one && cd ..
  $ mkarchive alpha 1.0 && mkarchive gamma 1.0
  $ src alpha "$URL/alpha-1.0.tgz" "sha256=$(sha256 srv/alpha-1.0.tgz)"
  $ gitsrc beta "git+file://$PWD/repo" "$(git -C repo rev-parse HEAD)"
  $ src gamma "$URL/gamma-1.0.tgz" "sha256=$(sha256 srv/gamma-1.0.tgz)"
  $ writelock
  $ monolock pull -v 2>&1 | sed "s/$PORT/PORT/g; s#$PWD#PWD#g"
  alpha: downloaded from http://127.0.0.1:PORT/alpha-1.0.tgz
  pulled alpha
  gamma: downloaded from http://127.0.0.1:PORT/gamma-1.0.tgz
  pulled gamma
  beta: exported from git git+file://PWD/repo at * (glob)
  pulled beta
  pulled 3 sources (*, 0 from cache) in * s (glob)

Again after removing one directory and one source: the rest is unchanged, the archive comes
from the cache.

  $ rm -rf duniverse/alpha
  $ src alpha "$URL/alpha-1.0.tgz" "sha256=$(sha256 srv/alpha-1.0.tgz)"
  $ gitsrc beta "git+file://$PWD/repo" "$(git -C repo rev-parse HEAD)"
  $ writelock
  $ monolock pull -v 2>&1 | sed "s/$PORT/PORT/g"
  beta: unchanged
  gamma: removed
  alpha: from the cache
  pulled alpha
  pulled 1 source (*, 1 from cache), removed 1 in * s (glob)
  $ monolock pull -v 2>&1
  alpha: unchanged
  beta: unchanged
  duniverse is up to date (2 sources)
  $ monolock pull -q -v 2>&1
  $ monolock pull 2>&1
  duniverse is up to date (2 sources)
  $ unserve
