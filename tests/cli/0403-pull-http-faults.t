Server faults: a 404, a 500 that succeeds on retry, a stalled server (timeout), a truncated
body, a redirect.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ mkarchive alpha 1.0
  $ sum="sha256=$(sha256 srv/alpha-1.0.tgz)"

A 404 is not retried:

  $ src alpha "$URL/missing.tgz" $sum && writelock
  $ monolock pull -q
  monolock: alpha: http://127.0.0.1:*/missing.tgz: HTTP 404 (glob)
  monolock: next: `monolock pull --offline` uses what the cache holds; `--mirror URL` tries a mirror first; `--timeout S` bounds each download
  [1]
  $ grep -c missing.tgz httpd.log
  1
  $ ls duniverse | grep -v dune
  [1]

A 500 once, then the file: retried, pulled.

  $ echo '{"/alpha-1.0.tgz": {"fail": 500, "times": 1}}' > faults.json
  $ src alpha "$URL/alpha-1.0.tgz" $sum && writelock
  $ monolock pull -q
  $ grep -c alpha-1.0.tgz httpd.log
  2
  $ state alpha
  alpha 1.0

A redirect to the file:

  $ rm -rf duniverse cache faults.json
  $ src alpha "$URL/elsewhere.tgz?redirect=/alpha-1.0.tgz" $sum && writelock
  $ monolock pull -q
  $ state alpha
  alpha 1.0

A server that stalls longer than --timeout, and a truncated body: both fail (after retries),
nothing is written.

  $ rm -rf duniverse cache
  $ src alpha "$URL/alpha-1.0.tgz?stall=30" $sum && writelock
  $ monolock pull -q --timeout 1
  monolock: alpha: *: timed out after 1 s * (glob)
  monolock: next: `monolock pull --offline` uses what the cache holds; `--mirror URL` tries a mirror first; `--timeout S` gives each download longer
  [1]
  $ src alpha "$URL/alpha-1.0.tgz?truncate=1" $sum && writelock
  $ monolock pull -q
  monolock: alpha: *: truncated body * (glob)
  [1]
  $ ls duniverse | grep -v dune
  [1]
  $ find cache -type f -path '*archives*' | wc -l
  0
  $ unserve
