In a `|` formula, `lock` prefers the earlier alternative, as opam-monorepo's solver does:
zarith's `("gmp" | "conf-gmp")` gets the vendorable gmp (built by dune, what a unikernel
cross-compiled to solo5 needs), not the host's library through conf-gmp.

  $ cp -R "$ML_ROOT/fixtures/alternatives/repo" . && mkdir app && cd app
  $ printf 'opam-version: "2.0"\ndepends: ["zarith"]\n' > app.opam
  $ monolock lock --repo ../repo -q && monolock list
  app      dev     (root)
  conf-m4  1       (virtual)
  dune     3.10.0  (tool)
  gmp      6.3.0   ocaml-gmp
  ocaml    4.14.1  (compiler)
  zarith   1.13    zarith
  $ monolock why gmp
  app -> zarith -> gmp

The other order is honoured too:

  $ printf 'opam-version: "2.0"\ndepends: ["tls"]\n' > app.opam
  $ monolock lock --fresh --repo ../repo -q && monolock list | grep gmp
  conf-gmp  4       (virtual)

Each formula tries its own first alternative, as opam-monorepo does: with tls and zarith,
both are taken (zarith builds with the vendored gmp, tls uses the host's):

  $ printf 'opam-version: "2.0"\ndepends: ["tls" "zarith"]\n' > app.opam
  $ monolock lock --fresh --repo ../repo -q && monolock list | grep gmp
  conf-gmp  4       (virtual)
  gmp       6.3.0   ocaml-gmp
  $ monolock why gmp
  app -> tls -> gmp
  app -> zarith -> gmp

A constraint that rules the first alternative out still gets the second:

  $ printf 'opam-version: "2.0"\ndepends: ["zarith"]\nconflicts: ["gmp"]\n' > app.opam
  $ monolock lock --fresh --repo ../repo -q && monolock list | grep gmp
  conf-gmp  4       (virtual)

A package name that does not exist gets the closest one:

  $ printf 'opam-version: "2.0"\ndepends: ["zarth"]\n' > app.opam
  $ monolock lock --fresh --repo ../repo
  monolock: no solution:
    app.dev requires zarth (./app.opam), which nothing can satisfy:
      no package named zarth exists in the repositories; did you mean zarith?
  [2]
