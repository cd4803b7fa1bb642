The current opam switch's pins, as opam-monorepo takes them from the switch state: a
version pin fixes the version; a pin to a git url (`opam pin add mylib git+...`, kept by
opam in the switch's overlay) is honoured like a pin-depends of the project. A pin to a
directory of this machine or to an archive is refused, saying what to do: a lock takes
local sources only from the project's own pin-depends. The opam root is written by hand,
as opam 2.1 writes it.

  $ export OPAMROOT="$PWD/root"
  $ mkdir -p root/repo/default/packages root/sw/.opam-switch && echo 'opam-version: "2.0"' > root/repo/default/repo
  $ pkg() { mkdir -p root/repo/default/packages/$1/$1.$2 && cat > root/repo/default/packages/$1/$1.$2/opam; }
  $ echo 'opam-version: "2.0"' | pkg fmt 0.9.0
  $ echo 'opam-version: "2.0"' | pkg fmt 1.0
  $ echo 'opam-version: "2.0"' | pkg mylib 1.0
  $ printf 'opam-version: "2.0"\nrepositories: "default"\ninstalled-switches: "sw"\nswitch: "sw"\n' > root/config
  $ printf 'opam-version: "2.0"\nrepositories: ["default"]\n' > root/sw/.opam-switch/switch-config
  $ mkdir mylib-src && cd mylib-src && git init -q -b main
  $ printf 'opam-version: "2.0"\ndev-repo: "git+https://example.org/mylib.git"\nbuild: ["make"]\n' > mylib.opam
  $ git add -A && git -c user.name=t -c user.email=t@t -c commit.gpgsign=false commit -qm mylib && cd ..
  $ COMMIT=$(git -C mylib-src rev-parse HEAD)
  $ printf 'opam-version: "2.0"\npinned: ["fmt.0.9.0" "mylib.dev"]\n' > root/sw/.opam-switch/switch-state
  $ overlay() { mkdir -p "$OPAMROOT/sw/.opam-switch/overlay/mylib" && printf 'opam-version: "2.0"\nname: "mylib"\nversion: "dev"\nurl { src: "%s" }\n' "$1" > "$OPAMROOT/sw/.opam-switch/overlay/mylib/opam"; }
  $ overlay "git+file://$PWD/mylib-src#main"
  $ mkdir proj && cd proj && printf 'opam-version: "2.0"\ndepends: ["fmt" "mylib"]\n' > app.opam

  $ monolock lock -q --generator none && monolock list
  app    dev    (root)
  fmt    0.9.0  (virtual)
  mylib  dev    mylib
  $ grep -o '"url": "git+file://[^"]*", "commit": "[0-9a-f]*"' monolock.lock | sed "s/$COMMIT/COMMIT/"
  "url": "git+file://../mylib-src", "commit": "COMMIT"
  $ monolock lock -q && monolock list | grep mylib
  mylib  dev    mylib

The project's own pin-depends wins over the switch's:

  $ printf 'opam-version: "2.0"\ndepends: ["fmt" "mylib"]\npin-depends: [["mylib.1.0" "git+file://%s/../mylib-src#main"]]\n' "$PWD" > app.opam
  $ monolock lock -q --generator none && monolock list | grep mylib
  mylib  1.0    mylib
  $ printf 'opam-version: "2.0"\ndepends: ["fmt" "mylib"]\n' > app.opam

Pins to a directory or to an archive are refused, naming the pin:

  $ overlay "file://$PWD/../mylib-src"
  $ monolock lock -q --generator none 2>&1 | sed -e "s|$OPAMROOT|ROOT|" -e "s|$PWD|PROJ|"
  monolock: ROOT/sw/.opam-switch/overlay/mylib/opam: mylib is pinned in the opam switch to the directory 'file://PROJ/../mylib-src': monolock takes a local directory only from the project's pin-depends, and pins only to git urls (add ["mylib.dev" "<git url or path in the project>"] to pin-depends, or `opam pin remove mylib`)
  $ overlay "https://example.org/mylib-1.0.tgz"
  $ monolock lock -q --generator none 2>&1 | grep -o "to the archive '[^']*'"
  to the archive 'https://example.org/mylib-1.0.tgz'

Without the overlay, mylib.dev is a version pin the repositories lack:

  $ rm -r ../root/sw/.opam-switch/overlay
  $ monolock lock -q --generator none
  monolock: mylib: no version dev to pin (there is 1.0)
  [64]
