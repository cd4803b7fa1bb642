When nothing fits, `lock` exits 2 and explains in opam terms: names, versions and
constraints as written, and the file each comes from. Nothing is written.

  $ cp -R "$ML_ROOT/fixtures/lock/repo" "$ML_ROOT/fixtures/lock/fail" .
  $ cd fail

No version of a dependency satisfies the constraint (only old 0.1 exists), directly:

  $ cd old-direct && cat app.opam
  opam-version: "2.0"
  maintainer: "monolock tests"
  depends: [
    "dune" "old" {>= "1.0"}
  ]
  $ monolock lock --repo ../../repo
  monolock: no solution:
    app.dev requires old >= 1.0 (./app.opam), which nothing can satisfy:
      no version of old satisfies >= 1.0: there is 0.1
  [2]
  $ ls
  app.opam
  $ cd ..

and through a transitive dependency:

  $ cd old-transitive && monolock lock --repo ../../repo
  monolock: no solution:
    app.dev requires mid (./app.opam)
    mid.1 requires old >= 1.0 (../../repo/packages/mid/mid.1/opam), which nothing can satisfy:
      no version of old satisfies >= 1.0: there is 0.1
  [2]
  $ cd ..

Two dependencies need incompatible versions of a third:

  $ cd incompatible && monolock lock --repo ../../repo
  monolock: no solution:
    app.dev requires p1 (./app.opam)
    app.dev requires p2 (./app.opam)
    p1.1 requires third < 2 (../../repo/packages/p1/p1.1/opam)
    p2.1 requires third >= 2 (../../repo/packages/p2/p2.1/opam)
    only one version of third can be chosen: 1 or 2
  [2]
  $ cd ..

Two packages of one conflict-class:

  $ cd conflict-class && monolock lock --repo ../../repo
  monolock: no solution:
    app.dev requires ssl-a (./app.opam)
    app.dev requires ssl-b (./app.opam)
    ssl-a.1 and ssl-b.1 are both in conflict-class ssl (../../repo/packages/ssl-a/ssl-a.1/opam, ../../repo/packages/ssl-b/ssl-b.1/opam)
  [2]
  $ cd ..

The only candidates of a dependency do not build with dune: the message names them and
suggests a dune port (or opam-provided); with `--generator none` there is no build rule:

  $ cd nodune && monolock lock --repo ../../repo
  monolock: no solution:
    app.dev requires nodune (./app.opam), which nothing can satisfy:
      nodune.1.0 does not build with dune: it depends on neither dune nor jbuilder (../../repo/packages/nodune/nodune.1.0/opam)
  hint: no usable version of nodune builds with dune (nodune.1.0): it needs a dune port, e.g. from an overlay repository such as opam-overlays, or mark it opam-provided
  [2]
  $ monolock lock --repo ../../repo --generator none
  locked 4 packages in 2 sources
  monolock.lock written
  $ cd ..

A package unavailable on the current `os`; with `--var os=macos` it locks:

  $ cd os && monolock lock --repo ../../repo --var os=linux
  monolock: no solution:
    app.dev requires macos-only (./app.opam), which nothing can satisfy:
      macos-only.1.0 is not available here: available: os = "macos" (with os = linux) in ../../repo/packages/macos-only/macos-only.1.0/opam
  [2]
  $ monolock lock --repo ../../repo --var os=macos
  locked 3 packages in 1 source
  monolock.lock written
  $ cd ..

Two different dev-repos map to one workspace directory: an error naming both:

  $ cd clash && monolock lock --repo ../../repo
  monolock: dev-repo git+https://example.org/one/clash.git (clash-a.1) and dev-repo git+https://example.org/two/clash.git (clash-b.1) both map to the workspace directory clash
  [2]
  $ ls
  app.opam
  $ cd ..

A package with build instructions but neither `dev-repo` nor `url` cannot be vendored:
a warning says so, and it is locked without a source:

  $ cd bare && monolock lock --repo ../../repo
  monolock: warning: bare.1 has build instructions but no url: not vendored
  locked 3 packages in 0 sources
  monolock.lock written
  $ monolock list
  app    dev     (root)
  bare   1       (virtual)
  dune   3.10.0  (tool)
  ocaml  5.1.0   (compiler)
