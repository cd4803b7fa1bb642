`opam monorepo ...` with Debian's opam 2.1, in an offline opam root. opam 2.1 runs a plugin
`opam-<name>` only when $OPAMROOT/plugins/bin/opam-<name> is a symbolic link (and the name
resolves on PATH with that directory first); otherwise it looks for a package flagged
`plugin` in the switch's repositories. `monolock install-opam-plugin` makes that link.

  $ command -v opam >/dev/null || exit 80
  $ export OPAMROOT="$PWD/root" OPAMYES=1 OPAMCOLOR=never
  $ mkrepo() { mkdir -p $1/packages && echo 'opam-version: "2.0"' > $1/repo; }
  $ pkg() { mkdir -p $1/packages/$2/$2.$3 && cat > $1/packages/$2/$2.$3/opam; }
  $ mkrepo repo && mkrepo overlay
  $ echo 'opam-version: "2.0"' | pkg repo fmt 0.9.0
  $ echo 'opam-version: "2.0"' | pkg repo logs 0.7.0
  $ echo 'opam-version: "2.0"' | pkg overlay fmt 0.9.0+dune
  $ opam init --bare -n --disable-sandboxing default ./repo >/dev/null 2>&1
  $ opam switch create sw --empty >/dev/null 2>&1
  $ opam repo add overlay ./overlay >/dev/null 2>&1
  $ opam var --global site=lab >/dev/null 2>&1
  $ opam switch show 2>/dev/null
  sw

A unikernel-like project: its dependencies appear only with the `monorepo` variable.

  $ mkdir proj && cd proj
  $ cat > app.opam <<'X'
  > opam-version: "2.0"
  > synopsis: "An app"
  > maintainer: "me"
  > authors: "me"
  > homepage: "https://example.com"
  > bug-reports: "https://example.com"
  > depends: [
  >   "fmt" {?monorepo}
  >   "logs" {?monorepo & site = "lab"}
  > ]
  > X

Neither a copy in plugins/bin nor an opam-monorepo on PATH is run:

  $ opam monorepo lock 2>&1 | head -1
  opam: unknown command 'monorepo', must be one of * (glob)
  $ mkdir -p ../root/plugins/bin ../bin && cp "$(command -v monolock)" ../root/plugins/bin/opam-monorepo
  $ ln -s "$(command -v monolock)" ../bin/opam-monorepo
  $ PATH="$PWD/../bin:$PATH" opam monorepo lock 2>&1 | head -1
  opam: unknown command 'monorepo', must be one of * (glob)

The link is:

  $ monolock install-opam-plugin --target ../bin/nothing
  monolock: ../bin/nothing: No such file or directory
  [1]
  $ monolock install-opam-plugin
  monolock: */root/plugins/bin/opam-monorepo exists and is not a symbolic link (opam runs a plugin only through a link): remove it first (glob)
  [64]
  $ rm ../root/plugins/bin/opam-monorepo && monolock install-opam-plugin | sed "s|$OPAMROOT|\$OPAMROOT|; s|-> .*/|-> .../|"
  $OPAMROOT/plugins/bin/opam-monorepo -> .../monolock
  $ monolock install-opam-plugin >/dev/null && test -L ../root/plugins/bin/opam-monorepo
  $ OPAMROOT="$PWD/none" monolock install-opam-plugin
  monolock: */none: not an opam root (no config): run `opam init` first (glob)
  [1]

`opam monorepo lock` now runs monolock, with the switch's repositories (the overlay first),
the root's variables and OPAMVAR_monorepo, as mirage's Makefile runs it:

  $ OPAMVAR_monorepo=opam-monorepo opam monorepo lock --build-only app -l app.opam.locked --ocaml-version 4.14.0
  locked 2 packages in 0 sources
  app.opam.locked written
  $ grep -A3 '^depends' app.opam.locked
  depends: [
    "fmt" {= "0.9.0+dune"}
    "logs" {= "0.7.0"}
  ]
  $ opam monorepo list
  app   dev         (root)
  fmt   0.9.0+dune  (virtual)
  logs  0.7.0       (virtual)

opam itself installs the lock's non-vendored packages from it: the project's own package is
not among the lock's dependencies (opam would look for it in the repositories):

  $ actions() { grep -v 'warning\|WARN' | grep ' install \|Missing dep\|^ *- app\|No solution'; }
  $ sed -i 's/ & site = "lab"//' app.opam
  $ opam install --deps-only --locked . --show-actions 2>&1 | actions
    - install logs 0.7.0
    - install fmt  0.9.0+dune
  ===== 2 to install =====

(opam evaluates app.opam's own filters there too, and Debian's opam 2.1 says `site` is
undefined in them: the test leaves that filter out.) A lock that lists the project's package
in depends, as monolock wrote before, is refused:

  $ sed 's/^depends: \[/depends: [ "app" {= "dev"}/' app.opam.locked > x && mv x app.opam.locked
  $ opam install --deps-only --locked . --show-actions 2>&1 | actions
    * Missing dependency:
      - app >= dev
  No solution found, exiting

The switch's pins hold too (here a version pin, as `opam pin add` records it):

  $ opam pin add -n fmt 0.9.0 2>&1 | grep pinned
  fmt is now pinned to version 0.9.0
  $ OPAMVAR_monorepo=opam-monorepo opam monorepo lock -q --build-only app -l app.opam.locked --ocaml-version 4.14.0 && grep -A3 '^depends' app.opam.locked
  depends: [
    "fmt" {= "0.9.0"}
    "logs" {= "0.7.0"}
  ]
