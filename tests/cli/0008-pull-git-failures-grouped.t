Git sources the network fails are reported as downloads are: every one is tried, and those
sharing a cause (a host refusing connections) are grouped in one line naming a few, then what
to try next. Nothing changes. (With archives too: 0014.)

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ DEAD=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  $ C=0123456789abcdef0123456789abcdef01234567
  $ for n in a b c d e; do gitsrc $n "git+http://127.0.0.1:$DEAD/$n.git" $C; done
  $ writelock
  $ monolock pull 2>&1 | sed "s/$DEAD/DEAD/g"
  monolock: 5 of 5 sources could not be fetched (nothing changed):
    connection refused by 127.0.0.1:DEAD: 5 sources (a, b, c and 2 more)
  monolock: next: `monolock pull --offline` uses what the cache holds; `--mirror URL` tries a mirror first; `--timeout S` bounds each download
  $ ls duniverse 2>/dev/null | grep -v dune
  [1]

With --json, one error document listing each failure:

  $ monolock pull --json | sed "s/$DEAD/DEAD/g"
  {
    "monolock": 1,
    "error": {
      "code": 1,
      "message": "5 of 5 sources could not be fetched (nothing changed):",
      "details": [
        "a: git: http://127.0.0.1:DEAD/a.git: cannot fetch: failed to connect to 127.0.0.1: *", (glob)
        "b: git: http://127.0.0.1:DEAD/b.git: cannot fetch: failed to connect to 127.0.0.1: *", (glob)
        "c: git: http://127.0.0.1:DEAD/c.git: cannot fetch: failed to connect to 127.0.0.1: *", (glob)
        "d: git: http://127.0.0.1:DEAD/d.git: cannot fetch: failed to connect to 127.0.0.1: *", (glob)
        "e: git: http://127.0.0.1:DEAD/e.git: cannot fetch: failed to connect to 127.0.0.1: *" (glob)
      ]
    }
  }

Offline, each git source the cache lacks is named once, grouped, with the way out:

  $ monolock pull --offline 2>&1
  monolock: 5 of 5 sources could not be fetched (nothing changed):
    not in the cache (offline): 5 sources (a, b, c and 2 more)
  monolock: without --offline, pull downloads what the cache lacks
  [1]
