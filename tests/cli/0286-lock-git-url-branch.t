An opam repository whose `url { src: "git+URL#branch" }` names a branch (four packages of
the real opam-repository do): lock records the source as git at the commit the branch names
now, as it does for pin-depends, and pull exports that commit. It used to be locked as an
archive without checksum, which every pull refused. A repository may not name a local path
(0280), so the git repository is served by `git daemon` on 127.0.0.1.

  $ export MONOLOCK_NO_REPO_CACHE=1 XDG_CACHE_HOME="$PWD/cache"
  $ export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@t
  $ export GIT_AUTHOR_DATE='2020-01-01T00:00:00Z' GIT_COMMITTER_DATE='2020-01-01T00:00:00Z'
  $ git init -q -b main g-src
  $ printf '(lang dune 3.0)\n' > g-src/dune-project && echo one > g-src/README
  $ git -C g-src add -A && git -C g-src commit -qm one && git -C g-src rev-parse HEAD
  cb614128c90bea6b49a5ee1a486c25e3828f37a4
  $ port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  $ git daemon --reuseaddr --export-all --base-path="$PWD" --listen=127.0.0.1 --port=$port --pid-file="$PWD/daemon.pid" --detach
  $ top=$PWD && trap 'kill $(cat "$top/daemon.pid") 2>/dev/null' EXIT
  $ for i in $(seq 50); do git ls-remote -q git://127.0.0.1:$port/g-src >/dev/null 2>&1 && break; sleep 0.1; done
  $ mkdir -p repo/packages/dune/dune.3 repo/packages/g/g.1 proj
  $ echo 'opam-version: "2.0"' > repo/repo
  $ echo 'opam-version: "2.0"' > repo/packages/dune/dune.3/opam
  $ cat > repo/packages/g/g.1/opam <<OPAM
  > opam-version: "2.0"
  > depends: ["dune"]
  > build: ["dune" "build"]
  > dev-repo: "git+https://example.org/g.git"
  > url { src: "git+git://127.0.0.1:$port/g-src#main" }
  > OPAM
  $ cd proj && printf 'opam-version: "2.0"\ndepends: ["g"]\n' > app.opam
  $ monolock lock --repo ../repo
  locked 2 packages in 1 source
  monolock.lock written
  $ grep '"dir": "g"' monolock.lock | sed "s|:$port/|:PORT/|"
      {"name": "g", "version": "1", "dir": "g", "depends": ["dune"]}
      {"dir": "g", "url": "git+git://127.0.0.1:PORT/g-src", "commit": "cb614128c90bea6b49a5ee1a486c25e3828f37a4", "packages": ["g"]}

A later commit on the branch does not change what pull exports: the lock names the commit.

  $ echo two > ../g-src/README && git -C ../g-src commit -qam two
  $ monolock pull -q
  $ cat duniverse/g/README
  one

The same through opam-monorepo's format, which carries the commit after '#':

  $ monolock lock --repo ../repo --format opam -q
  $ grep -c '#[0-9a-f]\{40\}"' app.opam.locked
  2
  $ rm -rf duniverse && monolock pull -q --lockfile app.opam.locked
  $ cat duniverse/g/README
  two

A ref that cannot be resolved is refused, naming the package and the url:

  $ sed -i 's|#main|#nosuch|' ../repo/packages/g/g.1/opam
  $ monolock lock --repo ../repo 2>&1 | sed "s|:$port/|:PORT/|g"
  monolock: g.1: cannot lock its git url git+git://127.0.0.1:PORT/g-src#nosuch: git: git://127.0.0.1:PORT/g-src: no branch, tag or commit named 'nosuch'
  $ sed -i 's|g-src#nosuch|gone#main|' ../repo/packages/g/g.1/opam
  $ monolock lock --repo ../repo 2>&1 | sed "s|:$port/|:PORT/|g"
  monolock: g.1: cannot lock its git url git+git://127.0.0.1:PORT/gone#main: git: git://127.0.0.1:PORT/gone: cannot fetch: remote error: access denied or repository not exported: /gone
  $ grep -c '"commit": "cb614128c90bea6b49a5ee1a486c25e3828f37a4"' monolock.lock
  1
