Ctrl-C (SIGINT, or SIGTERM) during a pull stops it cleanly: the workspace is left as it was,
the pull says so and that the next pull completes the job, and exits 130.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ lockarchives 1.0 alpha beta gamma
  $ monolock pull -q
  $ lockarchives 2.0 alpha beta gamma
  $ echo '{"/gamma-2.0.tgz": {"stall": 30}}' > faults.json
  $ monolock pull > out 2> err &
  $ P=$!
  $ until grep -q gamma-2.0 httpd.log 2>/dev/null || ! kill -0 $P 2>/dev/null; do sleep 0.05; done
  $ kill -INT $P; wait $P
  [130]
  $ cat out err
  monolock: interrupted: duniverse/ is as it was, nothing changed (archives already downloaded are kept in the cache); `monolock pull` completes the job
  $ state alpha beta gamma
  alpha 1.0
  beta 1.0
  gamma 1.0
  $ ls -A duniverse/.monolock/staging

SIGTERM the same; the next pull completes the job, taking what is already in the cache.

  $ monolock pull > out 2> err &
  $ P=$!
  $ for i in $(seq 200); do [ "$(grep -c gamma-2.0 httpd.log)" = 2 ] && break; sleep 0.05; done
  $ kill -TERM $P; wait $P
  [130]
  $ rm faults.json
  $ monolock pull -q
  $ state alpha beta gamma
  alpha 2.0
  beta 2.0
  gamma 2.0
  $ unserve
