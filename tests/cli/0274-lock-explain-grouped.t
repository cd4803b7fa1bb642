Versions of one package rejected for the same reason share one line of the explanation,
instead of a block per version: `..` when they are consecutive, a list otherwise.

  $ mkdir -p repo/packages proj
  $ echo 'opam-version: "2.0"' > repo/repo
  $ for v in 5.7.0 5.8.0 5.9.0 5.9.1; do
  >   mkdir -p repo/packages/lwt/lwt.$v
  >   printf 'opam-version: "2.0"\ndepends: ["dune" {>= "3.0"}]\n' > repo/packages/lwt/lwt.$v/opam
  > done
  $ mkdir -p repo/packages/lwt/lwt.5.6.0 repo/packages/dune/dune.2.9.3 repo/packages/ocaml/ocaml.4.14.0
  $ printf 'opam-version: "2.0"\ndepends: ["dune" {>= "2.0"} "ocaml" {< "4.0"}]\n' > repo/packages/lwt/lwt.5.6.0/opam
  $ echo 'opam-version: "2.0"' > repo/packages/dune/dune.2.9.3/opam
  $ echo 'opam-version: "2.0"' > repo/packages/ocaml/ocaml.4.14.0/opam
  $ printf 'opam-version: "2.0"\ndepends: ["lwt"]\n' > proj/p.opam
  $ cd proj
  $ monolock lock --repo ../repo --generator none
  monolock: no solution:
    p.dev requires lwt (./p.opam)
    lwt.5.6.0 requires ocaml < 4.0 (../repo/packages/lwt/lwt.5.6.0/opam), which nothing can satisfy:
      no version of ocaml satisfies < 4.0: there is 4.14.0
    lwt 5.7.0 .. 5.9.1 (4 versions) each requires dune >= 3.0 (../repo/packages/lwt/lwt.5.9.1/opam and 3 more), which nothing can satisfy:
      no version of dune satisfies >= 3.0: there is 2.9.3
  [2]

A version between them that fails for another reason breaks the range into a list:

  $ cp ../repo/packages/lwt/lwt.5.6.0/opam ../repo/packages/lwt/lwt.5.8.0/opam
  $ monolock lock --repo ../repo --generator none
  monolock: no solution:
    p.dev requires lwt (./p.opam)
    lwt 5.6.0, 5.8.0 (2 versions) each requires ocaml < 4.0 (../repo/packages/lwt/lwt.5.8.0/opam and 1 more), which nothing can satisfy:
      no version of ocaml satisfies < 4.0: there is 4.14.0
    lwt 5.7.0, 5.9.0, 5.9.1 (3 versions) each requires dune >= 3.0 (../repo/packages/lwt/lwt.5.9.1/opam and 2 more), which nothing can satisfy:
      no version of dune satisfies >= 3.0: there is 2.9.3
  [2]
