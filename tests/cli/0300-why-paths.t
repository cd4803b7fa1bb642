`why PKG` prints the dependency paths from the roots to PKG, from the lock alone,
shortest first.

  $ cp -R "$ML_ROOT/fixtures/lock/repo" "$ML_ROOT/fixtures/lock/policy" .
  $ cd policy && monolock lock --repo ../repo -q
  $ rm -r ../repo
  $ monolock why y
  app -> c -> y
  $ monolock why d
  app -> e -> d
  $ monolock why ocaml | head -4
  app -> ocaml
  app -> a -> ocaml
  app -> dune -> ocaml
  app -> g -> ocaml
  $ monolock why app
  app is a root package of the project
  $ monolock why nosuch
  monolock: monolock.lock: package 'nosuch' is not in the lock
  [1]
  $ monolock why DUNE
  monolock: monolock.lock: package 'DUNE' is not in the lock; did you mean 'dune'?
  [1]
  $ monolock why
  monolock: which package? (why PKG)
  see 'monolock why --help'
  [64]
  $ monolock why a b
  monolock: unexpected argument 'b'
  see 'monolock why --help'
  [64]
  $ monolock why --lockfile missing.lock a
  monolock: missing.lock: no lock file here: run `monolock lock` first
  [1]

With very many paths only the 100 shortest are shown: here 125 paths of six packages
are met before the one of three (app -> z -> target) in depth-first order, yet it comes
first:

  $ cd .. && cp -R "$ML_ROOT/fixtures/lock/why" . && cd why
  $ grep -c '"name"' monolock.lock
  20
  $ monolock why target 2>/dev/null | head -3
  app -> z -> target
  app -> a0 -> b1 -> c1 -> d1 -> target
  app -> a0 -> b1 -> c1 -> d2 -> target
  $ monolock why target 2>/dev/null | wc -l
  100
  $ monolock why target 2>&1 >/dev/null
  monolock: warning: only the 100 shortest paths are shown
  $ monolock -q why target 2>&1 >/dev/null
  $ monolock why lonely
  lonely is locked but no root depends on it
