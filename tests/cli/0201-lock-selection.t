Transitive constraints: b needs a < 2.0, so a 1.0 is chosen although 2.0 exists:

  $ cp -R "$ML_ROOT/fixtures/lock/repo" "$ML_ROOT/fixtures/lock/transitive" "$ML_ROOT/fixtures/lock/sources" "$ML_ROOT/fixtures/lock/compiler" "$ML_ROOT/fixtures/lock/provided" .
  $ cd transitive && monolock lock --repo ../repo && monolock list && cd ..
  locked 4 packages in 2 sources
  monolock.lock written
  a      1.0     a
  app    dev     (root)
  b      1.0     b
  dune   3.10.0  (tool)
  ocaml  5.1.0   (compiler)

Several packages of one dev-repo share one source and one directory; the dev-repo of dune
gives the directory `dune_` (so that it does not clash with the dune tool):

  $ cd sources && monolock lock --repo ../repo -q && cat monolock.lock && cd ..
  {
    "lockfile": "monolock/1",
    "roots": ["app"],
    "generator": "dune",
    "request": {
      "repositories": [
        {"path": "*/repo"} (glob)
      ]
    },
    "repositories": [
      {"url": "file://*/repo", "hash": "sha256=82d2eeeec86705c9af04f57b1a5be66a5f8637e533888baf40da1d7115fda3f5"} (glob)
    ],
    "variables": {"arch": "x86_64", "opam-version": "2.2.0", "os": "linux", "with-test": false},
    "packages": [
      {"name": "app", "version": "dev", "dir": null, "reason": "root", "depends": ["dune", "dune-configurator", "multi-lwt"]},
      {"name": "dune", "version": "3.10.0", "dir": null, "reason": "tool", "depends": ["ocaml"]},
      {"name": "dune-configurator", "version": "3.10.0", "dir": "dune_", "depends": ["dune", "ocaml"]},
      {"name": "multi", "version": "1.0", "dir": "multi", "depends": ["dune", "ocaml"]},
      {"name": "multi-lwt", "version": "1.0", "dir": "multi", "depends": ["dune", "multi"]},
      {"name": "ocaml", "version": "5.1.0", "dir": null, "reason": "compiler", "depends": []}
    ],
    "sources": [
      {"dir": "dune_", "url": "https://example.org/dune-configurator-3.10.0.tbz", "checksums": ["sha256=8cf0c70f1a2b55519d1b84188648a671a67b56948bd327e40430fbca1487aad9"], "packages": ["dune-configurator"]},
      {"dir": "multi", "url": "https://example.org/multi-1.0.tbz", "checksums": ["sha256=c22da42a4738e61b0458b7c88bec5ecf71ba962180303fe27496f487f5be26c6"], "packages": ["multi", "multi-lwt"]}
    ],
    "depexts": []
  }

`--ocaml-version` fixes the compiler, and the versions that fit it are chosen:

  $ cd compiler && monolock lock --repo ../repo -q && monolock list
  app       dev     (root)
  dune      3.10.0  (tool)
  new-only  1.0     new-only
  ocaml     5.1.0   (compiler)
  $ monolock lock --repo ../repo --ocaml-version 4.14.1 && monolock list
  locked 3 packages in 1 source: 2 downgraded, 1 source changed
    downgraded new-only 1.0 -> 0.9
    downgraded ocaml 5.1.0 -> 4.14.1
    source     new-only: url https://example.org/new-only-1.0.tbz -> https://example.org/new-only-0.9.tbz, checksums changed
  monolock.lock written
  app       dev     (root)
  dune      3.10.0  (tool)
  new-only  0.9     new-only
  ocaml     4.14.1  (compiler)
  $ monolock lock --repo ../repo --ocaml-version 4.07
  monolock: ocaml: no version 4.07 to pin (there is 5.1.0 and older)
  [64]
  $ cd ..

opam-provided: nodune has no dune build; marked opam-provided (--opam-provided or
x-opam-monorepo-opam-provided) it is solved but not vendored, and so is ocamlfind, which
only it needs:

  $ cd provided && monolock lock --repo ../repo
  monolock: no solution:
    app.dev requires nodune (./app.opam), which nothing can satisfy:
      nodune.1.0 does not build with dune: it depends on neither dune nor jbuilder (../repo/packages/nodune/nodune.1.0/opam)
  hint: no usable version of nodune builds with dune (nodune.1.0): it needs a dune port, e.g. from an overlay repository such as opam-overlays, or mark it opam-provided
  [2]
  $ monolock lock --repo ../repo --opam-provided nodune && monolock list
  locked 5 packages in 1 source
  monolock.lock written
  a          2.0     a
  app        dev     (root)
  dune       3.10.0  (tool)
  nodune     1.0     (opam-provided)
  ocaml      5.1.0   (compiler)
  ocamlfind  1.9     (opam-provided)
  $ printf 'x-opam-monorepo-opam-provided: ["nodune"]\n' >> app.opam
  $ monolock lock --repo ../repo && monolock list
  locked 5 packages in 1 source: no version changed
  monolock.lock unchanged
  a          2.0     a
  app        dev     (root)
  dune       3.10.0  (tool)
  nodune     1.0     (opam-provided)
  ocaml      5.1.0   (compiler)
  ocamlfind  1.9     (opam-provided)
