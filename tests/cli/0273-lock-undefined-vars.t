Undefined variables are warned about for the packages the solution holds, once each, with
where they are used; versions that were not chosen stay quiet.

  $ mkdir -p repo/packages/a/a.1.0 repo/packages/a/a.2.0 repo/packages/b/b.1.0 proj
  $ echo 'opam-version: "2.0"' > repo/repo
  $ printf 'opam-version: "2.0"\ndepends: ["b" {sys-old = "1"}]\n' > repo/packages/a/a.1.0/opam
  $ printf 'opam-version: "2.0"\ndepends: [\n  "b" {sys-new = "1"}\n  "b" {sys-new = "2"}\n]\n' > repo/packages/a/a.2.0/opam
  $ echo 'opam-version: "2.0"' > repo/packages/b/b.1.0/opam
  $ printf 'opam-version: "2.0"\ndepends: ["a"]\n' > proj/p.opam
  $ cd proj
  $ monolock lock --repo ../repo --generator none
  monolock: warning: undefined variable 'sys-new' in 2 places (first ../repo/packages/a/a.2.0/opam:3:8)
  locked 1 package in 0 sources
  monolock.lock written

When a.1.0 is the one chosen, its variable is the one named:

  $ printf 'opam-version: "2.0"\ndepends: ["a" {< "2.0"}]\n' > p.opam
  $ monolock lock --repo ../repo --generator none
  monolock: warning: ../repo/packages/a/a.1.0/opam:2:16: undefined variable 'sys-old'
  locked 1 package in 0 sources: 1 downgraded
    downgraded a 2.0 -> 1.0
  monolock.lock written
