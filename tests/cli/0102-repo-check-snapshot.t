The real opam-repository snapshot, read in place from its .tar.gz: every file parses.

Without the reference data (a user's clone has none) the scenario is skipped, not failed:

  $ [ -f "$ML_DATA/opam-repository-97014be.tar.gz" ] || exit 80

  $ monolock repo check "$ML_DATA/opam-repository-97014be.tar.gz"
  4596 packages, 18793 versions, 0 errors

Extracted, as a directory:

  $ tar -xzf "$ML_DATA/opam-repository-97014be.tar.gz"
  $ monolock repo check opam-repository
  4596 packages, 18793 versions, 0 errors

With the dune overlays first (77 packages, 2 of them not upstream):

  $ monolock repo check "$ML_DATA/opam-overlays-d3371ad.tar.gz" opam-repository | head -n 1
  4598 packages, 18953 versions, 0 errors

Two versions opam's order calls equal are still two packages:

  $ monolock show ocaml-variants --repo opam-repository | grep introcaml
  5.5.0+introcaml
  5.5.0+introcaml0
  5.5.0+introcaml1
