With target packages named, opam-monorepo reads its settings (x-opam-monorepo-*) from the
targets only, and another package's opam file that does not parse does not stop the lock.

  $ mkdir -p repo/packages/fmt/fmt.1.0 other/packages && echo 'opam-version: "2.0"' | tee repo/repo other/repo > repo/packages/fmt/fmt.1.0/opam
  $ mkdir proj && cd proj && mkdir sub
  $ printf 'opam-version: "2.0"\ndepends: ["fmt" {?extra}]\nx-opam-monorepo-opam-repositories: ["file://$OPAM_MONOREPO_CWD/../repo"]\n' > app.opam
  $ printf 'opam-version: "2.0"\nx-opam-monorepo-global-opam-vars: [["extra" true]]\nx-opam-monorepo-opam-repositories: ["file://$OPAM_MONOREPO_CWD/../other"]\n' > sub/tool.opam
  $ printf 'opam-version: "2.0"\ndepends: [\n' > sub/broken.opam
  $ monolock lock --generator none --recurse app
  monolock: warning: ./sub/broken.opam:3:1: unexpected end of file: '[' at 2:10 is not closed (not a target: left out)
  monolock: warning: the lock is empty, yet the project depends on fmt: the filters left them all out; undefined: extra (set with OPAMVAR_<name>=VALUE or --var NAME=VALUE)
  locked 0 packages in 0 sources
  monolock.lock written
  $ grep -c other monolock.lock
  0
  [1]

A target that does not parse is an error, as is any broken file without targets named:

  $ monolock lock --generator none --recurse broken
  monolock: ./sub/broken.opam:3:1: * (glob)
  [1]
  $ monolock lock --generator none --recurse
  monolock: ./sub/broken.opam:3:1: * (glob)
  [1]

A compiler version flagged avoid-version (a beta) is not chosen while a release fits:

  $ mkdir -p ../repo/packages/ocaml/ocaml.4.14.1 ../repo/packages/ocaml/ocaml.5.1.0~beta1
  $ printf 'opam-version: "2.0"\nflags: compiler\n' > ../repo/packages/ocaml/ocaml.4.14.1/opam
  $ printf 'opam-version: "2.0"\nflags: [compiler avoid-version]\n' > ../repo/packages/ocaml/ocaml.5.1.0~beta1/opam
  $ printf 'opam-version: "2.0"\ndepends: ["ocaml"]\n' > app.opam
  $ monolock lock -q --generator none --recurse --repo ../repo app && monolock list
  app    dev     (root)
  ocaml  4.14.1  (compiler)
  $ printf 'opam-version: "2.0"\ndepends: ["ocaml" {>= "5.0"}]\n' > app.opam
  $ monolock lock -q --generator none --recurse --repo ../repo app && monolock list
  app    dev          (root)
  ocaml  5.1.0~beta1  (compiler)
