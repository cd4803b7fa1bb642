monolock run as `opam-monorepo` (the name `meson install` gives it too) takes opam-monorepo
0.4's command line: its commands and options (unambiguous prefixes too), its `[a,b]` lists,
its lock file names, and its exit codes (124 for a command-line error).

  $ mkdir bin && ln -s "$(command -v monolock)" bin/opam-monorepo && export PATH="$PWD/bin:$PATH"
  $ mkdir -p repo/packages && echo 'opam-version: "2.0"' > repo/repo
  $ pkg() { mkdir -p repo/packages/$1/$1.$2 && cat > repo/packages/$1/$1.$2/opam; }
  $ echo 'opam-version: "2.0"' | pkg fmt 0.9.0
  $ echo 'opam-version: "2.0"' | pkg fmt 0.10.0
  $ echo 'opam-version: "2.0"' | pkg logs 0.7.0
  $ echo 'opam-version: "2.0"' | pkg alcotest 1.0
  $ mkdir proj && cd proj
  $ printf 'opam-version: "2.0"\ndepends: ["fmt" "alcotest" {with-test}]\n' > app.opam

Help, version, and what is not opam-monorepo's:

  $ opam-monorepo | head -1
  usage: opam-monorepo COMMAND [OPTION]... (COMMAND: lock, pull, depext, list)
  $ opam-monorepo --version | sed 's/monolock [^ ]*/monolock V/'
  monolock V (opam-monorepo 0.4 command line)
  $ opam-monorepo frob
  opam-monorepo: unknown command 'frob'
  usage: opam-monorepo COMMAND [OPTION]... (COMMAND: lock, pull, depext, list)
  [124]
  $ opam-monorepo l
  opam-monorepo: command 'l' is ambiguous
  usage: opam-monorepo COMMAND [OPTION]... (COMMAND: lock, pull, depext, list)
  [124]
  $ opam-monorepo lock --frob
  opam-monorepo: lock: unknown option '--frob'
  usage: opam-monorepo COMMAND [OPTION]... (COMMAND: lock, pull, depext, list)
  [124]
  $ opam-monorepo pull --build-only
  opam-monorepo: pull: unknown option '--build-only'
  usage: opam-monorepo COMMAND [OPTION]... (COMMAND: lock, pull, depext, list)
  [124]
  $ opam-monorepo lock --opam-repositories '[../repo'
  opam-monorepo: opam-repositories: '[../repo': a list is written [a,b]
  usage: opam-monorepo COMMAND [OPTION]... (COMMAND: lock, pull, depext, list)
  [124]
  $ opam-monorepo lock --global-opam-vars '[a,b]'
  opam-monorepo: global-opam-vars: '[a,b]': expected [[NAME,VALUE],...], got 'a'
  usage: opam-monorepo COMMAND [OPTION]... (COMMAND: lock, pull, depext, list)
  [124]

`lock` names the lock after the single target package, writes opam-monorepo's format, and
records the command line; the targets' {with-test} dependencies are in, unless --build-only:

  $ opam-monorepo lock --opam-repositories '[../repo]'
  locked 2 packages in 0 sources
  app.opam.locked written
  $ grep -A3 '^depends' app.opam.locked
  depends: [
    "alcotest" {= "1.0"}
    "fmt" {= "0.10.0"}
  ]
  $ grep -A3 'cli-args' app.opam.locked
  x-opam-monorepo-cli-args: [
    "--opam-repositories"
    "[../repo]"
  ]
  $ opam-monorepo lo --opam-repo '[../repo]' --build-o
  locked 1 package in 0 sources: 1 removed
    removed    alcotest 1.0
  app.opam.locked written
  $ grep -A4 'cli-args' app.opam.locked
  x-opam-monorepo-cli-args: [
    "--opam-repo"
    "[../repo]"
    "--build-o"
  ]
  $ opam-monorepo lo --opam-repo '[../repo]' --build-o
  locked 1 package in 0 sources: no version changed
  app.opam.locked unchanged

Options that name lists, in opam-monorepo's syntax; --minimal-update keeps what still fits
(and without a lock just locks):

  $ printf 'opam-version: "2.0"\ndepends: ["fmt" "logs" {?extra}]\n' > app.opam
  $ opam-monorepo lock -q --opam-repositories '[../repo]' --add-global-opam-vars '[[extra,yes]]' --opam-provided '[fmt]' && grep -A4 '^depends' app.opam.locked
  depends: [
    "fmt" {= "0.10.0"}
    "logs" {= "0.7.0"}
  ]
  x-monolock-depends: [["app" ["fmt" "logs"]]]
  $ grep '"extra"\|x-opam-monorepo-opam' app.opam.locked
    ["extra" "yes"]
  x-opam-monorepo-opam-repositories: ["file:///*/repo"] (glob)
  $ rm app.opam.locked && opam-monorepo lock -q --minimal-update --opam-repositories '[../repo]' && ls *.locked
  app.opam.locked

Positional packages are the targets (and imply --recurse-opam); with several targets the lock
is named after dune-project's (name ...), else -l is needed:

  $ mkdir sub && printf 'opam-version: "2.0"\ndepends: ["logs"]\n' > sub/lib.opam
  $ opam-monorepo lock -q --opam-repositories '[../repo]' lib && grep '^depends\|root-packages' lib.opam.locked
  depends: ["logs" {= "0.7.0"}]
  x-opam-monorepo-root-packages: ["lib"]
  $ opam-monorepo lock -q --opam-repositories '[../repo]' --recurse-opam
  monolock: cannot name the lock file: 2 target packages and no (name ...) in dune-project: name it with --lockfile
  [1]
  $ echo '(lang dune 3.0) (name whole)' > dune-project
  $ opam-monorepo lock -q --opam-repositories '[../repo]' --recurse-opam && grep -A3 root-packages whole.opam.locked
  x-opam-monorepo-root-packages: [
    "app"
    "lib"
  ]

pull, list and depext use the one *.opam.locked in the root when -l is not given:

  $ opam-monorepo list -s
  monolock: .: several lock files (app.opam.locked lib.opam.locked whole.opam.locked): pick one with --lockfile
  [1]
  $ rm app.opam.locked whole.opam.locked && opam-monorepo list
  lib   dev    (root)
  logs  0.7.0  (virtual)
  $ rm lib.opam.locked && opam-monorepo pull
  monolock: .: no lock file (*.opam.locked): run `opam monorepo lock` first
  [1]

-r/--root is the project: lock reads and writes there, -l stays relative to where it runs:

  $ cd .. && opam-monorepo lock -q -r proj --opam-repositories '[../repo]' -l out.opam.locked lib && ls out.opam.locked proj/*.locked
  ls: cannot access 'proj/*.locked': No such file or directory
  out.opam.locked
  [2]
  $ opam-monorepo lock -q --root=proj --opam-repositories '[../repo]' lib && ls proj/*.locked
  proj/lib.opam.locked
