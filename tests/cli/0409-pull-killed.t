A pull killed (kill -9) while one download stalls leaves every directory old or new; the
next pull completes the job.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ lockarchives 1.0 alpha beta gamma
  $ monolock pull -q
  pulled 3 sources (*, 0 from cache) in * s (glob)
  $ echo '{"/gamma-2.0.tgz": {"stall": 30}}' > faults.json
  $ lockarchives 2.0 alpha beta gamma
  $ monolock pull -q > out 2>&1 & pid=$!
  $ for i in $(seq 100); do [ "$(state alpha beta | grep -c 2.0)" = 2 ] && break; sleep 0.1; done
  $ kill -9 $pid; wait $pid 2>/dev/null; true
  $ state alpha beta gamma
  alpha 2.0
  beta 2.0
  gamma 1.0
  $ for d in alpha beta gamma; do diff -r duniverse/$d "$PULL_FIX/src/$d" | grep -v VERSION; done; true
  $ rm faults.json
  $ monolock pull
  pulled gamma
  pulled 1 source (*, 0 from cache) in * s (glob)
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
