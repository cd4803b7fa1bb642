opam's context: variables from OPAMVAR_<name>, the opam root's global-variables and the
current switch's variables; without repositories given, the current switch's repositories
(those `opam repo add` adds). Here the opam root is written by hand, as opam 2.1 writes it
(0602 makes one with Debian's opam).

  $ export OPAMROOT="$PWD/root"
  $ mkrepo() { mkdir -p $1/packages && echo 'opam-version: "2.0"' > $1/repo; }
  $ pkg() { mkdir -p $1/packages/$2/$2.$3 && cat > $1/packages/$2/$2.$3/opam; }
  $ mkrepo root/repo/default && mkrepo root/repo/overlay
  $ echo 'opam-version: "2.0"' | pkg root/repo/default fmt 0.9.0
  $ echo 'opam-version: "2.0"' | pkg root/repo/default logs 0.7.0
  $ echo 'opam-version: "2.0"' | pkg root/repo/default lwt 5.7.0
  $ echo 'opam-version: "2.0"' | pkg root/repo/overlay fmt 0.9.0+dune
  $ cat > root/config <<'X'
  > opam-version: "2.0"
  > opam-root-version: "2.1"
  > repositories: "default"
  > installed-switches: "sw"
  > switch: "sw"
  > global-variables: [site "lab" "Set through 'opam var'"]
  > X
  $ mkdir -p root/sw/.opam-switch && cat > root/sw/.opam-switch/switch-config <<'X'
  > opam-version: "2.0"
  > synopsis: "sw"
  > repositories: ["overlay" "default"]
  > opam-root: "/nowhere"
  > variables {
  >   board: "rpi4"
  > }
  > X
  $ mkdir proj && cd proj
  $ cat > app.opam <<'X'
  > opam-version: "2.0"
  > depends: [
  >   "fmt" {?monorepo}
  >   "logs" {?monorepo & site = "lab"}
  >   "lwt" {?monorepo & board = "rpi4"}
  > ]
  > X

Without the `monorepo` variable every dependency is filtered out: the lock is written, but
not silently:

  $ monolock lock --generator none
  monolock: warning: the lock is empty, yet the project depends on fmt, logs, lwt: the filters left them all out; undefined: monorepo (set with OPAMVAR_<name>=VALUE or --var NAME=VALUE)
  locked 0 packages in 0 sources
  monolock.lock written

OPAMVAR_monorepo defines it (as mirage's Makefile sets it); the root's `site` and the switch's
`board` apply; the switch's repositories are used, the overlay first:

  $ OPAMVAR_monorepo=opam-monorepo monolock lock --generator none
  locked 3 packages in 0 sources: 3 added
    added      fmt 0.9.0+dune
    added      logs 0.7.0
    added      lwt 5.7.0
  monolock.lock written
  $ monolock list
  app   dev         (root)
  fmt   0.9.0+dune  (virtual)
  logs  0.7.0       (virtual)
  lwt   5.7.0       (virtual)

An underscore in OPAMVAR_<name> stands for '-'; the environment wins over the switch, and
--var over the environment:

  $ printf 'opam-version: "2.0"\ndepends: ["fmt" {?monorepo & my-board = "x"} "lwt" {board = "pi"}]\n' > app.opam
  $ OPAMVAR_monorepo=1 OPAMVAR_my_board=x OPAMVAR_board=pi monolock lock -q --generator none && monolock list
  app  dev         (root)
  fmt  0.9.0+dune  (virtual)
  lwt  5.7.0       (virtual)
  $ OPAMVAR_monorepo=1 OPAMVAR_my_board=x OPAMVAR_board=pi monolock lock -q --generator none --var board=y && monolock list
  app  dev         (root)
  fmt  0.9.0+dune  (virtual)

OPAMSWITCH picks another switch; a switch without repositories of its own uses the root's:

  $ mkdir -p ../root/other/.opam-switch && printf 'opam-version: "2.0"\nsynopsis: "other"\n' > ../root/other/.opam-switch/switch-config
  $ OPAMSWITCH=other OPAMVAR_monorepo=1 OPAMVAR_my_board=x monolock lock -q --generator none && monolock list
  app  dev    (root)
  fmt  0.9.0  (virtual)

A local switch (named by its directory) lives in <dir>/_opam:

  $ mkdir -p ../local/_opam/.opam-switch && printf 'opam-version: "2.0"\nrepositories: ["overlay"]\n' > ../local/_opam/.opam-switch/switch-config
  $ OPAMSWITCH="$PWD/../local" OPAMVAR_monorepo=1 OPAMVAR_my_board=x monolock lock -q --generator none && monolock list
  app  dev         (root)
  fmt  0.9.0+dune  (virtual)

A broken config is named, and lock goes on without opam's variables:

  $ echo 'global-variables: [' >> ../root/config
  $ monolock lock --fresh --generator none --repo ../root/repo/default
  monolock: warning: ignoring opam's variables: */root/config:8:1: * (glob)
  monolock: warning: ./app.opam:2:30: undefined variable 'my-board'
  monolock: warning: ./app.opam:2:53: undefined variable 'board'
  monolock: warning: the lock is empty, yet the project depends on fmt, lwt: the filters left them all out; undefined: monorepo (set with OPAMVAR_<name>=VALUE or --var NAME=VALUE)
  locked 0 packages in 0 sources: 1 removed
    removed    fmt 0.9.0+dune
  monolock.lock written
  $ monolock lock --fresh --generator none
  monolock: */root/config:8:1: * (glob)
  [1]
