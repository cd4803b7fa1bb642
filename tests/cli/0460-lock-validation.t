lock checks what it is asked: a boolean variable takes true or false; `lock PKG` names the
project's own packages (a repository package is added to an opam file's depends instead);
--pin and --opam-provided naming a package the solution does not have are warned about.

  $ cp -R "$ML_ROOT/fixtures/lock/repo" "$ML_ROOT/fixtures/lock/policy" .
  $ cd policy
  $ monolock lock --repo ../repo -q --var with-test=maybe
  monolock: --var with-test=maybe: with-test is a boolean variable: true or false
  [64]
  $ monolock lock --repo ../repo -q --var dev=1
  monolock: --var dev=1: dev is a boolean variable: true or false
  [64]
  $ monolock lock --repo ../repo -q --var ocaml:native=yes
  monolock: --var ocaml:native=yes: ocaml:native is a boolean variable: true or false
  [64]
  $ monolock lock --repo ../repo -q --var with-doc=false --var os=linux
  $ ls monolock.lock
  monolock.lock

A repository package as a target is an error saying how to depend on it; a typo of a local
package gets a suggestion; the project's own package is fine.

  $ rm monolock.lock
  $ monolock lock --repo ../repo -q a.1.0
  monolock: lock a: a is not a package of this project (lock PKG names the project's own packages); to depend on it, add "a" to the depends: of app.opam and run `monolock lock`
  [64]
  $ monolock lock --repo ../repo -q ap
  monolock: lock ap: ap is not a package of this project; did you mean 'app'?
  [64]
  $ ls monolock.lock
  ls: cannot access 'monolock.lock': No such file or directory
  [2]
  $ monolock lock --repo ../repo -q app
  $ head -n 3 monolock.lock
  {
    "lockfile": "monolock/1",
    "roots": ["app"],

--pin and --opam-provided of a package not in the solution: no effect, said (with the closest
name in the solution).

  $ monolock lock --repo ../repo --pin nosuch=1.0 --opam-provided ocamlfnd --opam-provided dunne 2>&1 | grep warning
  monolock: warning: --pin nosuch: no package nosuch in the solution (ignored)
  monolock: warning: --opam-provided ocamlfnd: no package ocamlfnd in the solution (ignored)
  monolock: warning: --opam-provided dunne: no package dunne in the solution (ignored); did you mean 'dune'?
