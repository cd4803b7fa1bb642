Every source is tried, archive or git, whatever failed before: with the network down, the
archives' failures do not hide the git sources'. A host refusing both kinds of sources is one
cause, worded once, so they are one group; the other failures follow in their own lines, then
what to try next. Nothing in the workspace changes, not even the sources that could be had.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ DEAD=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  $ C=0123456789abcdef0123456789abcdef01234567
  $ cp -R "$PULL_FIX/src/beta" repo && git -C repo init -q && echo 1.0 > repo/VERSION
  $ git -C repo add -A && git -C repo -c user.name=t -c user.email=t@example.com commit -qm one
  $ mkarchive alpha 1.0
  $ src alpha "$URL/alpha-1.0.tgz" "sha256=$(sha256 srv/alpha-1.0.tgz)"
  $ gitsrc beta "git+file://$PWD/repo" "$(git -C repo rev-parse HEAD)"
  $ for n in a b; do gitsrc $n "git+http://127.0.0.1:$DEAD/$n.git" $C; done
  $ for n in x y; do src $n "http://127.0.0.1:$DEAD/$n.tgz" "sha256=$(printf %064d 0)"; done
  $ src gone "$URL/gone.tgz" "sha256=$(printf %064d 0)"
  $ writelock
  $ monolock pull >out 2>&1; echo "exit $?"; sed "s/$DEAD/DEAD/g; s/$PORT/PORT/g" out
  exit 1
  monolock: 5 of 7 sources could not be fetched (nothing changed):
    connection refused by 127.0.0.1:DEAD: 4 sources (a, b, x and 1 more)
    gone: http://127.0.0.1:PORT/gone.tgz: HTTP 404
  monolock: next: `monolock pull --offline` uses what the cache holds; `--mirror URL` tries a mirror first; `--timeout S` bounds each download
  $ ls -A duniverse 2>/dev/null | grep -v '^\.monolock$'
  [1]
  $ ls -A duniverse/.monolock/staging 2>/dev/null

The --json error lists every failure, archive or git, in the order of their directories:

  $ monolock pull --json | sed "s/$DEAD/DEAD/g; s/$PORT/PORT/g"
  {
    "monolock": 1,
    "error": {
      "code": 1,
      "message": "5 of 7 sources could not be fetched (nothing changed):",
      "details": [
        "a: git: http://127.0.0.1:DEAD/a.git: cannot fetch: failed to connect to 127.0.0.1: Connection refused",
        "b: git: http://127.0.0.1:DEAD/b.git: cannot fetch: failed to connect to 127.0.0.1: Connection refused",
        "gone: http://127.0.0.1:PORT/gone.tgz: HTTP 404",
        "x: http://127.0.0.1:DEAD/x.tgz: Failed to connect to 127.0.0.1 port DEAD after * ms: *", (glob)
        "y: http://127.0.0.1:DEAD/y.tgz: Failed to connect to 127.0.0.1 port DEAD after * ms: *" (glob)
      ]
    }
  }

Offline with an empty cache, the archives and the git sources it lacks are one group:

  $ rm -rf cache2 && XDG_CACHE_HOME="$PWD/cache2" monolock pull --offline >out 2>&1; echo "exit $?"; cat out
  exit 1
  monolock: 7 of 7 sources could not be fetched (nothing changed):
    not in the cache (offline): 7 sources (a, alpha, b and 4 more)
  monolock: without --offline, pull downloads what the cache lacks

Without the sources that cannot be had, the others are pulled:

  $ src alpha "$URL/alpha-1.0.tgz" "sha256=$(sha256 srv/alpha-1.0.tgz)"
  $ gitsrc beta "git+file://$PWD/repo" "$(git -C repo rev-parse HEAD)"
  $ writelock
  $ monolock pull -q && ls duniverse
  README.md
  alpha
  beta
  dune

A server answering 404 to git and archive sources alike is one cause too:

  $ for n in a b; do gitsrc $n "git+$URL/$n.git" $C; done
  $ src x "$URL/x.tgz" "sha256=$(printf %064d 0)"
  $ writelock
  $ monolock pull 2>&1 | sed "s/$PORT/PORT/g"
  monolock: 3 of 3 sources could not be fetched (nothing changed):
    HTTP 404 from 127.0.0.1:PORT: 3 sources (a, b, x)
  monolock: next: `monolock pull --offline` uses what the cache holds; `--mirror URL` tries a mirror first; `--timeout S` bounds each download
  $ unserve
