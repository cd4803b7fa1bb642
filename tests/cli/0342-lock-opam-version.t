`available:` may test `opam-version`: it is the version of the opam on PATH when there is
one, else 2.2.0 (the newest opam release whose semantics monolock follows), recorded in the
lock's variables; `--var opam-version=V` overrides both. newopam needs opam 2.2.0.

  $ unset MONOLOCK_NO_PATH_TOOLCHAIN
  $ cp -R "$ML_ROOT/fixtures/toolchain/repo" . && mkdir bin nobin project && cd project
  $ ln -s "$(command -v monolock)" ../nobin/monolock
  $ printf 'opam-version: "2.0"\ndepends: ["dune" "newopam"]\n' > app.opam
  $ nobin=$(cd ../nobin && pwd)

No opam on PATH (nor a compiler or dune):

  $ PATH=$nobin monolock lock --repo ../repo --ocaml-version any --dune-version any -q && monolock list && grep '^  "variables"' monolock.lock
  app      dev     (root)
  dune     3.10.0  (tool)
  newopam  1.0     newopam
  ocaml    5.1.0   (compiler)
    "variables": {"arch": "x86_64", "opam-version": "2.2.0", "os": "linux", "with-test": false},

An opam 2.1.5 on PATH cannot install newopam, and the explanation says why:

  $ printf '#!/bin/sh\necho 2.1.5\n' > ../nobin/opam && chmod +x ../nobin/opam
  $ PATH=$nobin monolock lock --repo ../repo --ocaml-version any --dune-version any
  monolock: no solution:
    app.dev requires newopam (./app.opam), which nothing can satisfy:
      newopam.1.0 is not available here: available: opam-version >= "2.2.0" (with opam-version = 2.1.5) in ../repo/packages/newopam/newopam.1.0/opam
  [2]

`--var opam-version=V` overrides it, and is recorded:

  $ PATH=$nobin monolock lock --repo ../repo --ocaml-version any --dune-version any --var opam-version=2.3.0 -q && grep '^  "variables"' monolock.lock
    "variables": {"arch": "x86_64", "opam-version": "2.3.0", "os": "linux", "with-test": false},

An opam on PATH that prints something else than a version: a warning, and monolock's own:

  $ printf '#!/bin/sh\necho "opam: command not configured"\n' > ../nobin/opam
  $ PATH=$nobin monolock lock --fresh --repo ../repo --ocaml-version any --dune-version any
  monolock: warning: opam --version: printed "opam: command not configured", not a version: opam-version is 2.2.0 (--var opam-version=V sets it)
  locked 3 packages in 1 source: no package or source changed (the lock's other fields did)
  monolock.lock written
