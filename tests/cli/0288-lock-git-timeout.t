A git repository served slower than a trickle: `lock --timeout S` gives up a fetch still
running after S seconds, naming the URL and the deadline (the default is 1800 s). The git
daemon on 127.0.0.1 is reached through a proxy that sends 2,000 bytes a second.

  $ export MONOLOCK_NO_REPO_CACHE=1 XDG_CACHE_HOME="$PWD/cache"
  $ export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@t
  $ git init -q -b main repo-src && mkdir -p repo-src/packages/a/a.1
  $ printf 'opam-version: "2.0"\n' > repo-src/repo && printf 'opam-version: "2.0"\n' > repo-src/packages/a/a.1/opam
  $ head -c 300000 /dev/urandom > repo-src/noise
  $ git -C repo-src add -A && git -C repo-src commit -qm one
  $ port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  $ git daemon --reuseaddr --export-all --base-path="$PWD" --listen=127.0.0.1 --port=$port --pid-file="$PWD/daemon.pid" --detach
  $ python3 "$ML_ROOT/tests/support/trickle.py" $port 2000 slow.port & echo $! > trickle.pid
  $ top=$PWD && trap 'kill $(cat "$top/daemon.pid") $(cat "$top/trickle.pid") 2>/dev/null' EXIT
  $ for i in $(seq 50); do [ -s slow.port ] && git ls-remote -q git://127.0.0.1:$port/repo-src >/dev/null 2>&1 && break; sleep 0.1; done
  $ mkdir proj && cd proj && printf 'opam-version: "2.0"\ndepends: ["a"]\n' > app.opam
  $ monolock lock --repo "git+git://127.0.0.1:$(cat ../slow.port)/repo-src" --timeout 2 2>&1 | sed "s/127.0.0.1:[0-9]*/127.0.0.1:PORT/"
  monolock: git: git://127.0.0.1:PORT/repo-src: the fetch did not complete within 2 s (the deadline of one fetch, see --timeout)
  $ ls
  app.opam

At full speed the same repository locks:

  $ monolock lock --repo "git+git://127.0.0.1:$port/repo-src" --timeout 60
  locked 1 package in 0 sources
  monolock.lock written
