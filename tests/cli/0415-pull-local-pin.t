A pin-depends to a local directory is locked as a file:// source without checksum; pull
copies the directory (links that stay inside it are kept, .git is not), leaves it alone
while it is unchanged, pulls it again when it changes, and refuses a link that leaves it.

  $ cp -R "$ML_ROOT/fixtures/lock/repo" "$ML_ROOT/fixtures/lock/pin" .
  $ cd pin
  $ mkdir -p vendor/a/src vendor/a/.git && echo 'let v = 1' > vendor/a/src/a.ml
  $ echo ref > vendor/a/.git/HEAD && ln -s ../a.opam vendor/a/src/link
  $ monolock lock -q --repo ../repo
  $ grep '"url": "file://./vendor' monolock.lock
      {"dir": "a", "url": "file://./vendor/a", "pin": true, "checksums": [], "packages": ["a"]},
  $ monolock pull -q a
  $ find duniverse/a | sort
  duniverse/a
  duniverse/a/a.opam
  duniverse/a/src
  duniverse/a/src/a.ml
  duniverse/a/src/link
  $ readlink duniverse/a/src/link
  ../a.opam
  $ monolock pull -q a
  $ echo 'let v = 2' > vendor/a/src/a.ml
  $ monolock pull -q a
  $ cat duniverse/a/src/a.ml
  let v = 2

A link out of the pinned directory is refused, and nothing changes:

  $ echo 'let v = 3' > vendor/a/src/a.ml && ln -s ../../../outside vendor/a/bad
  $ monolock pull -q a
  monolock: a: './vendor/a/bad' links to '../../../outside', outside './vendor/a'
  [1]
  $ cat duniverse/a/src/a.ml
  let v = 2

A pinned directory that is gone is named:

  $ rm vendor/a/bad && mv vendor/a vendor/gone
  $ monolock pull -q a
  monolock: a: local source './vendor/a' is not a directory
  [1]
