A second pull into the same workspace waits for the first, says so once (naming the first's
process), then does its work.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ lockarchives 1.0 alpha beta
  $ echo '{"/alpha-1.0.tgz": {"stall": 30}}' > faults.json
  $ monolock pull > a.out 2> a.err &
  $ A=$!
  $ until grep -q alpha httpd.log 2>/dev/null || ! kill -0 $A 2>/dev/null; do sleep 0.05; done
  $ rm faults.json
  $ monolock pull > b.out 2> b.err &
  $ B=$!
  $ for i in $(seq 100); do grep -q waiting b.err && break; sleep 0.05; done
  $ sed "s/pid $A)/pid A)/" b.err
  monolock: waiting for monolock (pid A) pulling into duniverse/
  $ kill -INT $A; wait $A
  [130]
  $ wait $B
  $ cat b.out
  $ state alpha beta
  alpha 1.0
  beta 1.0
  $ unserve
