A lock is not trusted to name directories of this machine: a local directory source
(file://, no checksum) that no pin-depends of the project's own opam files names is refused
by pull, naming the source and its url, before anything is touched; so is one the project
pins that is `/`, the home directory or a directory holding the project.

  $ cp -R "$ML_ROOT/fixtures/lock/repo" "$ML_ROOT/fixtures/lock/pin" .
  $ mkdir -p secret/.ssh && echo key > secret/.ssh/id_rsa
  $ cd pin && monolock lock -q --repo ../repo && cp monolock.lock good.lock
  $ S=$(cd ../secret/.ssh && pwd)

A hand-written lock with the source and no pin mark:

  $ sed "s|\"file://./vendor/a\", \"pin\": true|\"file://$S\"|" good.lock > monolock.lock
  $ grep '"dir": "a", "url"' monolock.lock
      {"dir": "a", "url": "file:///*/secret/.ssh", "checksums": [], "packages": ["a"]}, (glob)
  $ monolock pull a
  monolock: monolock.lock: source 'a': local directory 'file:///*/secret/.ssh' without checksum is not a pin of the project: refusing to copy it (only pin-depends of the project's opam files may name a local directory; run `monolock lock` to lock them) (glob)
  [1]
  $ ls
  app.opam
  good.lock
  monolock.lock
  vendor

With a forged pin mark, the project's opam files are asked; they do not pin it:

  $ sed "s|\"file://./vendor/a\"|\"file://$S\"|" good.lock > monolock.lock
  $ monolock pull a
  monolock: source 'a' (file:///*/secret/.ssh): no pin-depends of the project's opam files names '/*/secret/.ssh': refusing to copy a local directory the project does not pin (lock again with `monolock lock`) (glob)
  [1]
  $ ls
  app.opam
  good.lock
  monolock.lock
  vendor

The same through opam-monorepo's format, where every source is a pin-depends:

  $ monolock lock -q --repo ../repo --format opam
  $ sed -i "s|\"file://./vendor/a\"|\"file://$S\"|" app.opam.locked
  $ grep -c "secret" app.opam.locked
  2
  $ monolock pull --lockfile app.opam.locked a
  monolock: source 'a' (file:///*/secret/.ssh): no pin-depends of the project's opam files names '/*/secret/.ssh': refusing to copy a local directory the project does not pin (lock again with `monolock lock`) (glob)
  [1]
  $ ls
  app.opam
  app.opam.locked
  good.lock
  monolock.lock
  vendor

Without any opam file, nothing pins it:

  $ mkdir ../bare && cp monolock.lock ../bare/ && monolock pull --lockfile ../bare/monolock.lock
  monolock: source 'a' (file:///*/secret/.ssh): no pin-depends of the project's opam files names '/*/secret/.ssh'; no opam file in '../bare/' (the project's root packages are its *.opam files): refusing to copy a local directory the project does not pin (lock again with `monolock lock`) (glob)
  [1]
  $ ls ../bare
  monolock.lock

A lock edited to pin what lock refuses to pin (the home directory, `/`, the project's parent)
is refused by pull too, even when the opam file says so:

  $ mkdir ../home && export HOME=$PWD/../home
  $ edit() {
  >   sed -i "s|\[\"a.5.0\" \"[^\"]*\"\]|[\"a.5.0\" \"$1\"]|" app.opam
  >   sed "s|\"file://./vendor/a\"|\"$1\"|" good.lock > monolock.lock
  > }
  $ edit "file://$HOME" && monolock pull a
  monolock: source 'a' (file://*/pin/../home): '*/home' is your home directory: a pin names the package's own directory, which pull copies into the workspace (glob)
  [1]
  $ edit "file:///" && monolock pull a
  monolock: source 'a' (file:///): '/' is the root directory: a pin names the package's own directory, which pull copies into the workspace
  [1]
  $ edit "file://.." && monolock pull a
  monolock: source 'a' (file://..): '*/0430-pull-local-unpinned.t' contains the project (*/0430-pull-local-unpinned.t/pin): pull would copy the project into itself; pin the package's own directory (glob)
  [1]
  $ ls
  app.opam
  app.opam.locked
  good.lock
  monolock.lock
  vendor

The project's real pin is pulled:

  $ cp "$ML_ROOT/fixtures/lock/pin/app.opam" . && cp good.lock monolock.lock
  $ monolock pull -q a && ls duniverse/a
  a.opam

A pin declared in an opam file below the project (`lock --recurse`) backs its source too:

  $ rm -r duniverse && mkdir sub && mv app.opam sub/ && mv vendor/a ../mylib
  $ sed -i 's|/vendor/a"|/../mylib"|' sub/app.opam && monolock lock -q --recurse --repo ../repo
  $ grep '"dir": "a", "url"' monolock.lock
      {"dir": "a", "url": "file://../mylib", "pin": true, "checksums": [], "packages": ["a"]},
  $ monolock pull -q a && ls duniverse/a
  a.opam
