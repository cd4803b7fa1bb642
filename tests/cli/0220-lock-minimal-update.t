Minimal update against the previous lock: `--minimal-update` keeps every locked version
that still fits, adds what is new, drops what is no longer needed, and raises a version
only when a constraint forces it; `--update PKG` frees just PKG.

  $ cp -R "$ML_ROOT/fixtures/lock/repo" "$ML_ROOT/fixtures/lock/update" .
  $ cd update
  $ monolock lock --repo ../repo --minimal-update
  monolock: monolock.lock: no previous lock to update
  [64]
  $ monolock lock --repo ../repo && monolock list
  locked 4 packages in 2 sources
  monolock.lock written
  a      2.0     a
  app    dev     (root)
  d      2       d
  dune   3.10.0  (tool)
  ocaml  5.1.0   (compiler)

New releases appear (a 3.0, d 3):

  $ cp -R ../repo/packages/a/a.2.0 ../repo/packages/a/a.3.0
  $ cp -R ../repo/packages/d/d.2 ../repo/packages/d/d.3
  $ monolock lock --repo ../repo --minimal-update && monolock list
  locked 4 packages in 2 sources: no version changed
  monolock.lock unchanged
  a      2.0     a
  app    dev     (root)
  d      2       d
  dune   3.10.0  (tool)
  ocaml  5.1.0   (compiler)

A new dependency is added (c, and y through it), the others stay:

  $ sed -i 's/  "d"/  "d"\n  "c"/' app.opam
  $ monolock lock --repo ../repo --minimal-update && monolock list
  locked 6 packages in 4 sources: 2 added
    added      c 1.0
    added      y 1
  monolock.lock written
  a      2.0     a
  app    dev     (root)
  c      1.0     c
  d      2       d
  dune   3.10.0  (tool)
  ocaml  5.1.0   (compiler)
  y      1       y

A removed dependency is dropped with what only it needed:

  $ sed -i '/  "c"/d' app.opam
  $ monolock lock --repo ../repo --minimal-update && monolock list
  locked 4 packages in 2 sources: 2 removed
    removed    c 1.0
    removed    y 1
  monolock.lock written
  a      2.0     a
  app    dev     (root)
  d      2       d
  dune   3.10.0  (tool)
  ocaml  5.1.0   (compiler)

`--update d` frees d alone (a stays at 2.0); a name not in the lock is an error:

  $ monolock lock --repo ../repo --update d && monolock list
  locked 4 packages in 2 sources: 1 upgraded
    upgraded   d 2 -> 3
  monolock.lock written
  a      2.0     a
  app    dev     (root)
  d      3       d
  dune   3.10.0  (tool)
  ocaml  5.1.0   (compiler)
  $ monolock lock --repo ../repo --update nosuch
  monolock: --update nosuch: monolock.lock has no package nosuch
  [64]

A constraint forces a raise:

  $ sed -i 's/  "a"/  "a" {>= "3.0"}/' app.opam
  $ monolock lock --repo ../repo --minimal-update && monolock list
  locked 4 packages in 2 sources: 1 upgraded
    upgraded   a 2.0 -> 3.0
  monolock.lock written
  a      3.0     a
  app    dev     (root)
  d      3       d
  dune   3.10.0  (tool)
  ocaml  5.1.0   (compiler)

Without --minimal-update the newest versions are taken again:

  $ sed -i 's/  "a" {>= "3.0"}/  "a"/' app.opam
  $ cp -R ../repo/packages/d/d.3 ../repo/packages/d/d.4
  $ monolock lock --repo ../repo --minimal-update -q && monolock list | grep '^d '
  d      3       d
  $ monolock lock --repo ../repo && monolock list | grep '^d '
  locked 4 packages in 2 sources: 1 upgraded
    upgraded   d 3 -> 4
  monolock.lock written
  d      4       d
