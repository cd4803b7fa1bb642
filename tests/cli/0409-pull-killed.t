A pull killed (kill -9) while one download stalls leaves every directory old or new; the
next pull completes the job. (A kill during the swaps themselves is recovered by the next
pull too: tests/unit/test-workspace.c builds each interrupted state by hand.)

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ lockarchives 1.0 alpha beta gamma
  $ monolock pull -q
  $ echo '{"/gamma-2.0.tgz": {"stall": 30}}' > faults.json
  $ lockarchives 2.0 alpha beta gamma
  $ monolock pull -q > out 2>&1 & pid=$!

Killed once alpha and beta are in the cache and gamma stalls: nothing was swapped in yet
(sources are swapped in only once every one of them is fetched and staged).

  $ for i in $(seq 100); do [ "$(find cache/monolock/archives/sha256 -type f | wc -l)" = 5 ] && break; sleep 0.1; done
  $ kill -9 $pid; wait $pid 2>/dev/null; true
  $ state alpha beta gamma
  alpha 1.0
  beta 1.0
  gamma 1.0
  $ for d in alpha beta gamma; do diff -r duniverse/$d "$PULL_FIX/src/$d" | grep -v VERSION; done; true
  $ rm faults.json
  $ monolock pull
  pulled alpha
  pulled beta
  pulled gamma
  pulled 3 sources (*, 2 from cache) in * s (glob)
  $ state alpha beta gamma
  alpha 2.0
  beta 2.0
  gamma 2.0
  $ ls -A duniverse/.monolock/staging duniverse/.monolock/pending
  duniverse/.monolock/pending:
  
  duniverse/.monolock/staging:
  $ monolock pull
  duniverse is up to date (3 sources)
  $ unserve
