opam's lexer still reads `~` as a relational operator, a legacy spelling of `>=`; files that
use it lock with opam's meaning.

  $ mkdir -p repo/packages/c/c.0.9 repo/packages/c/c.1.0 proj
  $ echo 'opam-version: "2.0"' > repo/repo
  $ for v in 0.9 1.0; do printf 'opam-version: "2.0"\n' > repo/packages/c/c.$v/opam; done
  $ printf 'opam-version: "2.0"\ndepends: ["c" {~ "1.0"}]\n' > proj/p.opam
  $ cd proj
  $ monolock lock --repo ../repo --generator none 2>/dev/null
  $ monolock list
  c  1.0  (virtual)
  p  dev  (root)
  $ printf 'opam-version: "2.0"\ndepends: ["c" {~ "1.1"}]\n' > p.opam
  $ monolock lock --repo ../repo --generator none
  monolock: no solution:
    p.dev requires c >= 1.1 (./p.opam), which nothing can satisfy:
      no version of c satisfies >= 1.1: there is 1.0, 0.9
  [2]
