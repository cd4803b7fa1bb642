A server trickling a body just fast enough never to count as stalled still meets the overall
deadline of a download (--timeout, 1800 s by default): the error names the URL and the
deadline, the download is not retried, and nothing is written.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ mkarchive alpha 1.0
  $ sum="sha256=$(sha256 srv/alpha-1.0.tgz)"
  $ src alpha "$URL/alpha-1.0.tgz?trickle=20" $sum && writelock
  $ monolock pull -q --timeout 2 2>err
  [1]
  $ sed "s/$PORT/PORT/" err
  monolock: alpha: http://127.0.0.1:PORT/alpha-1.0.tgz?trickle=20: timed out after 2 s (* bytes received; the deadline per download, see --timeout) (glob)
  monolock: next: `monolock pull --offline` uses what the cache holds; `--mirror URL` tries a mirror first; `--timeout S` gives each download longer
  $ curl -s "$URL/_count?path=/alpha-1.0.tgz"
  1
  $ ls duniverse | grep -v dune
  [1]
  $ find cache -type f -path '*archives*' | wc -l
  0

The same server with a deadline it can meet:

  $ src alpha "$URL/alpha-1.0.tgz?trickle=100000" $sum && writelock
  $ monolock pull -q --timeout 60

A lock listing one URL under several directories is refused before anything is fetched
(the same files twice; `monolock lock` gives such packages one source):

  $ rm -rf duniverse cache
  $ cp srv/alpha-1.0.tgz srv/shared.tgz
  $ for d in a b c; do src $d "$URL/shared.tgz" $sum; done; writelock
  $ monolock pull -q 2>&1 | sed "s#$URL#URL#"
  monolock: monolock.lock: sources 'a' and 'b' have the same url URL/shared.tgz
  $ curl -s "$URL/_count?path=/shared.tgz"
  0

  $ monolock pull --timeout 0
  monolock: --timeout: expected seconds from 1 to 86400, got '0'
  see 'monolock pull --help'
  [64]
  $ monolock pull --help | grep -A1 '^  --timeout'
    --timeout S           give up a download not complete after S seconds; one
                          slower than 1 KB/s for a minute is retried, then given
  $ unserve
