When sources cannot be fetched, pull says so in one line per cause: sources sharing one (a
host refusing connections) are grouped, naming a few; a failure of its own gets its own
line. Then what to try next. Falling back from a mirror to the upstream URLs is said once.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ DEAD=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  $ for n in a b c d e; do src $n "http://127.0.0.1:$DEAD/$n.tgz" "sha256=$(printf %064d 0)"; done
  $ src gone "$URL/gone.tgz" "sha256=$(printf %064d 0)"
  $ writelock
  $ monolock pull 2>&1 | sed "s/$DEAD/DEAD/g; s/$PORT/PORT/g"
  monolock: 6 of 6 sources could not be fetched (nothing changed):
    connection refused by 127.0.0.1:DEAD: 5 sources (a, b, c and 2 more)
    gone: http://127.0.0.1:PORT/gone.tgz: HTTP 404
  monolock: next: `monolock pull --offline` uses what the cache holds; `--mirror URL` tries a mirror first; `--timeout S` bounds each download
  $ monolock pull --offline 2>&1 | sed "s/$DEAD/DEAD/g; s/$PORT/PORT/g"
  monolock: 6 of 6 sources could not be fetched (nothing changed):
    not in the cache (offline): 6 sources (a, b, c and 3 more)
  monolock: without --offline, pull downloads what the cache lacks

A mirror lacking the archives: each comes from upstream, and that is said once.

  $ lockarchives 1.0 alpha beta gamma
  $ monolock pull --mirror "$URL/nomirror" 2>&1 | sed "s/$PORT/PORT/g"
  monolock: 3 of 3 archives were not on the mirror and came from their upstream URLs
  pulled alpha
  pulled beta
  pulled gamma
  pulled 3 sources (*, 0 from cache) in * s (glob)
  $ unserve
