The rest of the cache is held to the same rule as its archives: a git repository, the
kept parses of repositories (repos/) and the kept solves (solves/) are used only when they
are what monolock writes; a link planted there is never followed (nothing is written or
removed where it leads), and a fifo is neither read (no hang) nor in the way.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ C=$PWD/cache/monolock
  $ cp -R "$PULL_FIX/src/beta" repo && cd repo && git init -q && echo 1.0 > VERSION
  $ git add -A && git -c user.name=t -c user.email=t@example.com commit -qm one
  $ first=$(git rev-parse HEAD)
  $ cd ..
  $ gitsrc beta "git+file://$PWD/repo" "$first" && writelock
  $ monolock pull -q
  $ mkdir victim && echo mine >victim/file
  $ store=$(ls -d $C/git/*-* | grep -v '\.lock$')

The cached repository replaced by a link to a directory elsewhere, then by a fifo, then by
a repository borrowing its objects from elsewhere: each time the repository is fetched
afresh into the cache, and the directory the link led to is left as it was.

  $ rm -rf "$store" && ln -s "$PWD/victim" "$store"
  $ rm -rf duniverse && monolock pull -q
  $ ls -A victim
  file
  $ test -d "$store" && ! test -L "$store" && echo real
  real
  $ rm -rf "$store" && mkfifo "$store"
  $ rm -rf duniverse && timeout 60 monolock pull -q
  $ echo "$PWD/victim" >"$store/objects/info/alternates"
  $ ln -s "$PWD/victim" "$store/refs/tags/planted"
  $ rm -rf duniverse && monolock pull -q
  $ ls -A "$store/objects/info" "$store/refs/tags" | sed "s|$store|STORE|"
  STORE/objects/info:
  
  STORE/refs/tags:
  $ ls -A victim
  file

The git/ directory itself a link, and its lock file a dangling link: neither followed.

  $ rm -rf "$C/git" && ln -s "$PWD/victim" "$C/git"
  $ rm -rf duniverse && monolock pull -q
  $ ls -A victim
  file
  $ rm -f "$store.lock" && ln -s "$PWD/created" "$store.lock"
  $ rm -rf duniverse && monolock pull -q
  $ test -e created || echo 'no created'
  no created

Kept parses and solves: fifos where the files go, and repos/ a link, cost only time.

  $ cp -R "$ML_ROOT/fixtures/lock/repo" .
  $ mkdir p && cd p
  $ printf 'opam-version: "2.0"\ndepends: ["a"]\n' > app.opam
  $ sleep 3
  $ lock() { timeout 60 monolock lock --repo ../repo -q "$@" && monolock list | grep -E '^a '; }
  $ lock
  a      2.0     a
  $ ls $C/repos | wc -l | tr -d ' '
  1
  $ for f in $C/repos/* $C/solves/*; do rm "$f" && mkfifo "$f"; done
  $ rm monolock.lock && lock
  a      2.0     a
  $ for f in $C/repos/* $C/solves/*; do test -f "$f" && echo file; done
  file
  file
  $ rm -rf $C/repos && ln -s "$PWD/../victim" $C/repos
  $ rm monolock.lock && lock
  a      2.0     a
  $ ls -A ../victim
  file
  $ test -d $C/repos && ! test -L $C/repos && echo real
  real
