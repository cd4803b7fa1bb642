The real data: the 33 roots of a MirageOS unikernel against the opam-repository snapshot
plus the dune overlays (read in place from their archives). ocaml-solo5 has no dune build,
so without marking it opam-provided there is no solution, and the explanation names it.

Without the reference data (a user's clone has none) the scenario is skipped, not failed:

  $ [ -f "$ML_DATA/opam-repository-97014be.tar.gz" ] || exit 80

  $ ln -s "$ML_DATA/opam-overlays-d3371ad.tar.gz" "$ML_DATA/opam-repository-97014be.tar.gz" .
  $ mkdir unikernel && cd unikernel
  $ { printf 'opam-version: "2.0"\ndepends: [\n'; sed 's/.*/  "&"/' "$ML_DATA/roots-large.txt"; printf ']\nx-opam-monorepo-global-opam-vars: [["arch" "x86_64"] ["os" "linux"] ["os-family" "debian"] ["os-distribution" "debian"]]\n'; } > unikernel.opam
  $ repos="--repo ../opam-overlays-d3371ad.tar.gz --repo ../opam-repository-97014be.tar.gz"
  $ monolock lock $repos -q
  monolock: no solution:
    unikernel.dev requires ocaml-solo5 (./unikernel.opam), which nothing can satisfy:
      9 versions of ocaml-solo5 (1.3.4, 1.3.3, 1.3.2 and 6 older) do not build with dune: they depend on neither dune nor jbuilder
      ocaml-solo5.1.3.0 is not available here: available: false in ../opam-repository-97014be.tar.gz/packages/ocaml-solo5/ocaml-solo5.1.3.0/opam
      ocaml-solo5.1.3.1 is not available here: available: false in ../opam-repository-97014be.tar.gz/packages/ocaml-solo5/ocaml-solo5.1.3.1/opam
  hint: no usable version of ocaml-solo5 builds with dune (ocaml-solo5.1.3.4, ocaml-solo5.1.3.3, ocaml-solo5.1.3.2, ocaml-solo5.1.2.2, ocaml-solo5.1.2.1, ocaml-solo5.1.2.0, ocaml-solo5.1.1.0, ocaml-solo5.1.0.1, ...): it needs a dune port, e.g. from an overlay repository such as opam-overlays, or mark it opam-provided
  [2]
  $ monolock lock $repos --opam-provided ocaml-solo5 2>&1
  locked 168 packages in 113 sources
  monolock.lock written
  $ monolock list | grep -e '^ocaml-solo5 ' -e '^fmt ' -e '^mirage '
  fmt                       0.11.0+dune        fmt
  mirage                    4.11.2             mirage
  ocaml-solo5               1.3.4              (opam-provided)
  $ grep -A3 '"repositories"' monolock.lock
      "repositories": [
        {"path": "*/opam-overlays-d3371ad.tar.gz", "sha256": "sha256=9fb07e44759dfcd3ca5623e09b52036f78f8ceed785641fd50f33795ee40f957"}, (glob)
        {"path": "*/opam-repository-97014be.tar.gz", "sha256": "sha256=469a338778f060ca9687c671bd1f067c4a2538b746409b125d41035c137ea52a"} (glob)
      ],
  --
    "repositories": [
      {"url": "file://*/opam-overlays-d3371ad.tar.gz", "hash": "sha256=523dae158a0654c7b2990d29fe3ba318612dce2bb37db5f0d7fd3101a91a4932"}, (glob)
      {"url": "file://*/opam-repository-97014be.tar.gz", "hash": "sha256=50cb720d906aba6121b364fea9494eedc4375696084b5148d4ce347631e8bfe5"} (glob)
    ],
  $ monolock why ocaml-solo5
  unikernel -> ocaml-solo5

zarith's `("gmp" | "conf-gmp")` takes the vendored gmp, as opam-monorepo does (conf-gmp is
there too: conf-gmp-powm-sec needs it):

  $ monolock list | grep -e '^gmp ' -e '^conf-gmp '
  conf-gmp                  5                  (virtual)
  gmp                       6.3.0-1            ocaml-gmp
  $ monolock lock $repos --opam-provided ocaml-solo5 --check -q
