A pin-depends to a local directory names the package's own directory: never `/`, the home
directory itself or a directory holding the project (pull would copy the project into
itself). lock refuses them, naming the opam file and the pin; a sibling checkout is fine.

  $ cp -R "$ML_ROOT/fixtures/lock/repo" "$ML_ROOT/fixtures/lock/pin" .
  $ mkdir home && cp pin/vendor/a/a.opam home/ && cp pin/vendor/a/a.opam .
  $ export HOME=$PWD/home
  $ cd pin
  $ pin() { sed -i "s|\[\"a.5.0\" \"[^\"]*\"\]|[\"a.5.0\" \"$1\"]|" app.opam; }
  $ pin "file://$HOME" && grep a.5.0 app.opam
    ["a.5.0" "file://*/home"] (glob)
  $ monolock lock --repo ../repo
  monolock: app.opam: pin-depends a.5.0 'file://*/home': '*/home' is your home directory: a pin names the package's own directory, which pull copies into the workspace (glob)
  [1]

Spelled another way, it is the same directory:

  $ pin "../home/." && monolock lock --repo ../repo
  monolock: app.opam: pin-depends a.5.0 '../home/.': '*/home' is your home directory: a pin names the package's own directory, which pull copies into the workspace (glob)
  [1]
  $ pin "file:///" && monolock lock --repo ../repo
  monolock: app.opam: pin-depends a.5.0 'file:///': '/' is the root directory: a pin names the package's own directory, which pull copies into the workspace
  [1]
  $ pin "file://\$OPAM_MONOREPO_CWD/.." && monolock lock --repo ../repo
  monolock: app.opam: pin-depends a.5.0 'file://$OPAM_MONOREPO_CWD/..': '*/0281-lock-pin-dirs.t' contains the project (*/0281-lock-pin-dirs.t/pin): pull would copy the project into itself; pin the package's own directory (glob)
  [1]
  $ pin "." && monolock lock --repo ../repo
  monolock: app.opam: pin-depends a.5.0 '.': '*/pin' contains the project (*/pin): pull would copy the project into itself; pin the package's own directory (glob)
  [1]
  $ ls
  app.opam
  vendor

A sibling checkout, and a directory below the home directory, are pinned and pulled:

  $ cp -R vendor/a ../mylib && echo 'let v = 1' > ../mylib/a.ml
  $ pin "../mylib" && monolock lock --repo ../repo -q && grep '"dir": "a"' monolock.lock
      {"name": "a", "version": "5.0", "dir": "a", "depends": ["dune"]},
      {"dir": "a", "url": "file://../mylib", "pin": true, "checksums": [], "packages": ["a"]},
  $ monolock pull -q a && ls duniverse/a
  a.ml
  a.opam
  $ mkdir "$HOME/src" && mv ../mylib "$HOME/src/" && pin "file://$HOME/src/mylib"
  $ monolock lock --repo ../repo -q && monolock pull -q a
