`lock` locks for the toolchain that will build the workspace: `ocaml` fixed to the version
of the compiler on PATH, `dune` to at most the version of the dune on PATH. The test suite
sets MONOLOCK_NO_PATH_TOOLCHAIN so that other scenarios do not depend on the host; this one
unsets it and puts small fake programs first on PATH.

  $ unset MONOLOCK_NO_PATH_TOOLCHAIN
  $ cp -R "$ML_ROOT/fixtures/toolchain/repo" . && mkdir bin project && cd project
  $ printf '#!/bin/sh\necho %s\n' 4.13.1 > ../bin/ocamlc && printf '#!/bin/sh\necho %s\n' 2.9.3 > ../bin/dune && chmod +x ../bin/*

An opam on PATH sets opam-version; this one says the version assumed without one, so that the
runs below without ../bin on PATH lock the same:

  $ printf '#!/bin/sh\necho 2.2.0\n' > ../bin/opam && chmod +x ../bin/opam
  $ export PATH="$(cd ../bin && pwd):$PATH"
  $ ocamlc -version && dune --version
  4.13.1
  2.9.3

The versions that fit ocaml 4.13.1 and dune 2.9.3 are chosen (lwt 5.7.0 needs dune 3.0), and
the lock records the toolchain with where it came from:

  $ printf 'opam-version: "2.0"\ndepends: ["dune" "lwt"]\n' > app.opam
  $ monolock lock --repo ../repo && monolock list
  locked 3 packages in 1 source
  monolock.lock written
  app    dev     (root)
  dune   2.9.3   (tool)
  lwt    5.6.0   lwt
  ocaml  4.13.1  (compiler)
  $ grep '"toolchain"' monolock.lock
    "toolchain": {"ocaml": {"version": "4.13.1", "from": "PATH"}, "dune": {"max": "2.9.3", "from": "PATH"}},

A failure caused by the toolchain says so, and what to do:

  $ printf 'opam-version: "2.0"\ndepends: ["dune" "lwt" {>= "5.7"}]\n' > app.opam
  $ monolock lock --repo ../repo
  monolock: no solution:
    app.dev requires lwt >= 5.7 (./app.opam)
    lwt.5.7.0 requires dune >= 3.0 (../repo/packages/lwt/lwt.5.7.0/opam), which nothing can satisfy:
      dune.3.10.0 does not fit the toolchain: dune 2.9.3 is on PATH
  hint: dune 2.9.3 is on PATH; lwt.5.7.0 needs dune >= 3.0: put a dune that fits first on PATH, or lock for another dune with --dune-version V (--dune-version any lifts the constraint)
  [2]

`--dune-version any` lifts the constraint (nothing is recorded for dune); `--dune-version V`
sets it, recorded as coming from the option:

  $ monolock lock --repo ../repo --dune-version any -q && monolock list && grep '"toolchain"' monolock.lock
  app    dev     (root)
  dune   3.10.0  (tool)
  lwt    5.7.0   lwt
  ocaml  4.13.1  (compiler)
    "toolchain": {"ocaml": {"version": "4.13.1", "from": "PATH"}},
  $ monolock lock --repo ../repo --dune-version 3.10.0 -q && grep '"toolchain"' monolock.lock
    "toolchain": {"ocaml": {"version": "4.13.1", "from": "PATH"}, "dune": {"max": "3.10.0", "from": "--dune-version"}},
  $ monolock lock --repo ../repo --dune-version 2.9.3
  monolock: no solution:
    app.dev requires lwt >= 5.7 (./app.opam)
    lwt.5.7.0 requires dune >= 3.0 (../repo/packages/lwt/lwt.5.7.0/opam), which nothing can satisfy:
      dune.3.10.0 does not fit the toolchain: --dune-version 2.9.3 allows dune <= 2.9.3
  hint: --dune-version 2.9.3 allows dune <= 2.9.3; lwt.5.7.0 needs dune >= 3.0: lock with another --dune-version V, or --dune-version any
  [2]

The lock records these options (its request): later runs use them until given again;
`--fresh` forgets them and reads PATH again.

The compiler: a package that needs OCaml 5 cannot be locked for the 4.13.1 on PATH;
`--ocaml-version V` (a pin, as before) or `--ocaml-version any` lock for another one:

  $ printf 'opam-version: "2.0"\ndepends: ["dune" "effects"]\n' > app.opam
  $ monolock lock --repo ../repo
  monolock: no solution:
    app.dev requires effects (./app.opam)
    effects.1.0 requires ocaml >= 5.0 (../repo/packages/effects/effects.1.0/opam), which nothing can satisfy:
      ocaml.5.1.0 does not fit the toolchain: ocaml 4.13.1 is on PATH
  hint: ocaml 4.13.1 is on PATH; effects.1.0 needs ocaml >= 5.0: put an OCaml compiler that fits first on PATH, or lock for another ocaml with --ocaml-version V (--ocaml-version any lifts the constraint)
  [2]
  $ monolock lock --repo ../repo --ocaml-version 4.14.1
  monolock: no solution:
    app.dev requires effects (./app.opam)
    effects.1.0 requires ocaml >= 5.0 (../repo/packages/effects/effects.1.0/opam), which nothing can satisfy:
      ocaml.5.1.0 is excluded: ocaml is pinned to 4.14.1
  hint: --ocaml-version 4.14.1 fixes ocaml to 4.14.1; effects.1.0 needs ocaml >= 5.0: lock with another --ocaml-version V, or --ocaml-version any
  [2]
  $ monolock lock --fresh --repo ../repo --ocaml-version 5.1.0 -q && grep '"toolchain"' monolock.lock
    "toolchain": {"ocaml": {"version": "5.1.0", "from": "--ocaml-version"}, "dune": {"max": "2.9.3", "from": "PATH"}},
  $ monolock lock --fresh --repo ../repo --ocaml-version any --dune-version any -q && monolock list && grep -c '"toolchain"' monolock.lock
  app      dev     (root)
  dune     3.10.0  (tool)
  effects  1.0     effects
  ocaml    5.1.0   (compiler)
  0
  [1]
  $ monolock lock --fresh --repo ../repo --dune-version 3.x
  monolock: --dune-version takes a version or any, not '3.x'
  see 'monolock lock --help'
  [64]

With no compiler and no dune on PATH, nothing is fixed and `lock` says so once:

  $ mkdir ../nobin && ln -s "$(command -v monolock)" ../nobin/monolock
  $ PATH="$(cd ../nobin && pwd)" monolock lock --fresh --repo ../repo && grep -c '"toolchain"' monolock.lock
  monolock: warning: no OCaml compiler (ocamlc) and no dune on PATH: the lock is not fixed to a version of ocaml or dune (--ocaml-version V and --dune-version V fix them)
  locked 3 packages in 1 source: no package or source changed (the lock's other fields did)
  monolock.lock written
  0
  [1]
  $ ln -s "$(cd ../bin && pwd)/ocamlc" ../nobin/ocamlc
  $ PATH="$(cd ../nobin && pwd)" monolock lock --fresh --repo ../repo --ocaml-version any
  monolock: warning: no dune on PATH: the lock is not fixed to a version of dune (--dune-version V fixes it)
  locked 3 packages in 1 source: no package or source changed (the lock's other fields did)
  monolock.lock written

A program on PATH that prints garbage, too much, or fails gives a warning naming it, never
a crash, and that part is not fixed:

  $ printf '#!/bin/sh\nprintf "\\033[31m4.14\\001 ok\\n"\n' > ../bin/ocamlc
  $ printf '#!/bin/sh\necho "dune: internal error" >&2\nexit 3\n' > ../bin/dune
  $ monolock lock --fresh --repo ../repo
  monolock: warning: ocamlc -version: printed "\x1b[31m4.14\x01 ok", not a version: the lock is not fixed to a version of ocaml (--ocaml-version V fixes it)
  monolock: warning: dune --version: failed (exit status 3): the lock is not fixed to a version of dune (--dune-version V fixes it)
  locked 3 packages in 1 source: no package or source changed (the lock's other fields did)
  monolock.lock written
  $ printf '#!/bin/sh\nyes 4.14.1\n' > ../bin/ocamlc
  $ PATH="$(cd ../nobin && pwd)" monolock lock --fresh --repo ../repo
  monolock: warning: ocamlc -version: failed (exit status 127): the lock is not fixed to a version of ocaml (--ocaml-version V fixes it)
  monolock: warning: no dune on PATH: the lock is not fixed to a version of dune (--dune-version V fixes it)
  locked 3 packages in 1 source: no version changed
  monolock.lock unchanged
  $ printf '#!/bin/sh\necho 3.10.0; echo 3.11.0\n' > ../bin/dune
  $ monolock lock --fresh --repo ../repo
  monolock: warning: ocamlc -version: printed more than 4096 bytes, not a version: the lock is not fixed to a version of ocaml (--ocaml-version V fixes it)
  monolock: warning: dune --version: printed "3.10.0\x0a3.11.0", not a version: the lock is not fixed to a version of dune (--dune-version V fixes it)
  locked 3 packages in 1 source: no version changed
  monolock.lock unchanged

A build of a release (`4.14.1+flambda`, `3.17.0-12-gabc`) counts as that release:

  $ printf '#!/bin/sh\necho 4.14.1+flambda\n' > ../bin/ocamlc
  $ printf '#!/bin/sh\necho 3.10.0-12-gabcdef\n' > ../bin/dune
  $ printf 'opam-version: "2.0"\ndepends: ["dune" "lwt"]\n' > app.opam
  $ monolock lock --fresh --repo ../repo -q && monolock list && grep '"toolchain"' monolock.lock
  app    dev     (root)
  dune   3.10.0  (tool)
  lwt    5.7.0   lwt
  ocaml  4.14.1  (compiler)
    "toolchain": {"ocaml": {"version": "4.14.1", "from": "PATH"}, "dune": {"max": "3.10.0", "from": "PATH"}},

With MONOLOCK_NO_PATH_TOOLCHAIN set (the test suite's rule), PATH is not read:

  $ MONOLOCK_NO_PATH_TOOLCHAIN=1 monolock lock --fresh --repo ../repo -q && grep -c '"toolchain"' monolock.lock
  0
  [1]
