`pull` warns, in one line and without failing, when the ocaml or dune on PATH is not the one
the lock was made for.

  $ unset MONOLOCK_NO_PATH_TOOLCHAIN
  $ cp -R "$ML_ROOT/fixtures/toolchain/repo" . && mkdir bin project && cd project
  $ printf '#!/bin/sh\necho %s\n' 4.13.1 > ../bin/ocamlc && printf '#!/bin/sh\necho %s\n' 2.9.3 > ../bin/dune && chmod +x ../bin/*
  $ export PATH="$(cd ../bin && pwd):$PATH"
  $ printf 'opam-version: "2.0"\ndepends: ["dune"]\n' > app.opam
  $ monolock lock --repo ../repo -q && grep '"toolchain"' monolock.lock
    "toolchain": {"ocaml": {"version": "4.13.1", "from": "PATH"}, "dune": {"max": "2.9.3", "from": "PATH"}},

The same toolchain: no warning.

  $ monolock pull
  monolock: the lock vendors no sources: nothing generated

Another compiler, another dune, or none:

  $ printf '#!/bin/sh\necho 5.1.0\n' > ../bin/ocamlc
  $ monolock pull
  monolock: warning: monolock.lock: the lock is for ocaml 4.13.1 and dune <= 2.9.3 but PATH has ocaml 5.1.0 and dune 2.9.3 (`monolock lock` locks for them)
  monolock: the lock vendors no sources: nothing generated
  $ printf '#!/bin/sh\necho 3.10.0\n' > ../bin/dune && printf '#!/bin/sh\necho 4.13.1\n' > ../bin/ocamlc
  $ monolock pull
  monolock: warning: monolock.lock: the lock is for ocaml 4.13.1 and dune <= 2.9.3 but PATH has ocaml 4.13.1 and dune 3.10.0 (`monolock lock` locks for them)
  monolock: the lock vendors no sources: nothing generated
  $ mkdir ../nobin && ln -s "$(command -v monolock)" ../nobin/monolock
  $ PATH="$(cd ../nobin && pwd)" monolock pull
  monolock: warning: monolock.lock: the lock is for ocaml 4.13.1 and dune <= 2.9.3 but PATH has no ocaml and no dune (`monolock lock` locks for them)
  monolock: the lock vendors no sources: nothing generated
  $ PATH="$(cd ../nobin && pwd)" monolock -q pull

A lock made for any toolchain records none, and pull compares nothing:

  $ monolock lock --repo ../repo --ocaml-version any --dune-version any -q && monolock pull
  monolock: the lock vendors no sources: nothing generated

A lock whose toolchain is not a version is refused like any malformed lock:

  $ printf '  "toolchain": {"ocaml": {"version": "x; rm -rf /", "from": "PATH"}},\n' > t && sed -i '/"variables"/r t' monolock.lock
  $ monolock pull
  monolock: monolock.lock: toolchain.ocaml: not a version
  [1]

opam-monorepo's format records the toolchain in an x-monolock field, and pull compares it:

  $ printf '#!/bin/sh\necho 4.13.1\n' > ../bin/ocamlc && printf '#!/bin/sh\necho 2.9.3\n' > ../bin/dune
  $ monolock lock --repo ../repo --format opam --lockfile app.opam.locked -q && grep -A3 x-monolock-toolchain app.opam.locked
  x-monolock-toolchain: [
    ["ocaml" "4.13.1" "PATH"]
    ["dune" "2.9.3" "PATH"]
  ]
  $ monolock pull --lockfile app.opam.locked
  monolock: the lock vendors no sources: nothing generated
  $ printf '#!/bin/sh\necho 5.1.0\n' > ../bin/ocamlc && monolock pull --lockfile app.opam.locked
  monolock: warning: app.opam.locked: the lock is for ocaml 4.13.1 and dune <= 2.9.3 but PATH has ocaml 5.1.0 and dune 2.9.3 (`monolock lock` locks for them)
  monolock: the lock vendors no sources: nothing generated
