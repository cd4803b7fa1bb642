`monolock mirror` and the pristine sources that `diff`, `patch` and carried patches start from
fetch as pull does, and their errors say the same: the source's directory in the text, its
package and URL in the --json error.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ fields() { python3 -c 'import json, sys; e = json.load(sys.stdin)["error"]; print(e["code"], e.get("package"), e.get("url"), sep=" | ")' | sed "s/$PORT/PORT/g; s#$PWD#PWD#g"; }
  $ serve
  $ mkarchive alpha 1.0
  $ src alpha "$URL/alpha-1.0.tgz" "sha256=$(sha256 srv/alpha-1.0.tgz)"
  $ cp -R "$PULL_FIX/src/beta" repo && git -C repo init -q && echo 1.0 > repo/VERSION
  $ git -C repo add -A && git -C repo -c user.name=t -c user.email=t@example.com commit -qm one
  $ gitsrc beta "git+file://$PWD/repo" "$(git -C repo rev-parse HEAD)"
  $ writelock
  $ monolock pull -q
  $ echo edited >> duniverse/alpha/VERSION && echo edited >> duniverse/beta/VERSION

The server and the repository gone, and an empty cache: nothing to start from.

  $ unserve && mv repo repo.gone && export XDG_CACHE_HOME="$PWD/cache2"
  $ monolock diff alpha 2>&1 | sed "s/$PORT/PORT/g"
  monolock: alpha: pristine source: 1 of 1 sources failed: alpha: http://127.0.0.1:PORT/alpha-1.0.tgz: * (glob)
  $ monolock diff alpha --json | fields
  1 | alpha | http://127.0.0.1:PORT/alpha-1.0.tgz
  $ monolock diff beta 2>&1 | sed "s#$PWD#PWD#g"
  monolock: beta: pristine source: git: file://PWD/repo: no such repository
  $ monolock diff beta --json | fields
  1 | beta | git+file://PWD/repo

mirror, an archive it cannot fetch, then a git source:

  $ monolock mirror m 2>&1 | sed "s/$PORT/PORT/g"
  monolock: 1 of 1 sources failed: alpha: http://127.0.0.1:PORT/alpha-1.0.tgz: * (glob)
  $ monolock mirror m --json | fields
  1 | alpha | http://127.0.0.1:PORT/alpha-1.0.tgz
  $ gitsrc beta "git+file://$PWD/repo" "$(git -C repo.gone rev-parse HEAD)" && writelock
  $ monolock mirror m 2>&1 | sed "s#$PWD#PWD#g"
  monolock: beta: git: file://PWD/repo: no such repository
  $ monolock mirror m --json | fields
  1 | beta | git+file://PWD/repo
