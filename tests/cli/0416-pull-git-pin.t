A pin-depends to a git repository inside the project is locked relative to the project
(git+file://./...) at the commit its ref named, and pull exports that commit.

  $ cp -R "$ML_ROOT/fixtures/lock/repo" .
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ mkdir -p proj/vendor/g && cd proj
  $ cp "$ML_ROOT/fixtures/lock/pin/vendor/a/a.opam" vendor/g/
  $ git -C vendor/g init -q && git -C vendor/g add -A
  $ git -C vendor/g -c user.name=t -c user.email=t@example.com commit -qm one
  $ cat > app.opam <<'OPAM'
  > opam-version: "2.0"
  > depends: ["dune" "a"]
  > pin-depends: [["a.5.0" "git+file://$OPAM_MONOREPO_CWD/vendor/g#master"]]
  > x-opam-monorepo-global-opam-vars: [["arch" "x86_64"] ["os" "linux"]]
  > OPAM
  $ monolock lock -q --repo ../repo
  $ grep '"url": "git' monolock.lock | sed "s/$(git -C vendor/g rev-parse HEAD)/COMMIT/"
      {"dir": "a", "url": "git+file://./vendor/g", "commit": "COMMIT", "packages": ["a"]}

A later commit in the pinned repository does not change what pull exports: the lock names
the commit.

  $ echo 'changed' > vendor/g/NEW && git -C vendor/g add -A
  $ git -C vendor/g -c user.name=t -c user.email=t@example.com commit -qm two
  $ monolock pull -q a
  $ ls duniverse/a
  a.opam
