`monolock diff` shows the local edits of duniverse/ against the pristine source (from the
cache, nothing extracted in the workspace): changed, added, deleted, binary files and mode
changes, with paths that `git apply` and `patch -p1` take at the project root.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ lockarchives 1.0 alpha beta
  $ monolock pull -q

No edits, no output:

  $ monolock diff
  $ cp -R duniverse clean

Edits of every kind:

  $ echo '(* edited *)' >> duniverse/alpha/src/alpha.ml
  $ echo new > duniverse/alpha/NOTES
  $ rm duniverse/alpha/alpha.opam
  $ chmod +x duniverse/alpha/dune-project
  $ printf '\000\001\002' > duniverse/beta/blob.bin
  $ monolock diff
  diff --git a/duniverse/alpha/NOTES b/duniverse/alpha/NOTES
  new file mode 100644
  index 0000000..3e75765
  --- /dev/null
  +++ b/duniverse/alpha/NOTES
  @@ -0,0 +1 @@
  +new
  diff --git a/duniverse/alpha/alpha.opam b/duniverse/alpha/alpha.opam
  deleted file mode 100644
  index 9289813..0000000
  --- a/duniverse/alpha/alpha.opam
  +++ /dev/null
  @@ -1,4 +0,0 @@
  -opam-version: "2.0"
  -synopsis: "A tiny library for monolock's tests"
  -depends: ["ocaml" "dune"]
  -build: ["dune" "build" "-p" name]
  diff --git a/duniverse/alpha/dune-project b/duniverse/alpha/dune-project
  old mode 100644
  new mode 100755
  diff --git a/duniverse/alpha/src/alpha.ml b/duniverse/alpha/src/alpha.ml
  index e880d05..0e3ddc5 100644
  --- a/duniverse/alpha/src/alpha.ml
  +++ b/duniverse/alpha/src/alpha.ml
  @@ -1 +1,2 @@
   let greeting = "hello"
  +(* edited *)
  diff --git a/duniverse/beta/blob.bin b/duniverse/beta/blob.bin
  new file mode 100644
  index 0000000..8352675
  Binary files /dev/null and b/duniverse/beta/blob.bin differ

The workspace holds nothing else than the sources (the pristine trees were made aside and
removed):

  $ ls -A duniverse duniverse/.monolock
  duniverse:
  .monolock
  README.md
  alpha
  beta
  dune
  
  duniverse/.monolock:
  aside
  lock
  manifests
  pending
  pristine
  staging

One directory, and a summary:

  $ monolock diff duniverse/beta/ | head -1
  diff --git a/duniverse/beta/blob.bin b/duniverse/beta/blob.bin
  $ monolock diff --stat
   duniverse/alpha/NOTES        | 1 +
   duniverse/alpha/alpha.opam   | 4 ----
   duniverse/alpha/dune-project | 0
   duniverse/alpha/src/alpha.ml | 1 +
   4 files changed, 2 insertions(+), 4 deletions(-)
   create mode 100644 duniverse/alpha/NOTES
   delete mode 100644 duniverse/alpha/alpha.opam
   mode change 100644 => 100755 duniverse/alpha/dune-project
   duniverse/beta/blob.bin | Bin 0 -> 3 bytes
   1 file changed, 0 insertions(+), 0 deletions(-)
   create mode 100644 duniverse/beta/blob.bin

Colour only when asked or on a terminal (not here):

  $ monolock diff alpha | grep -c $'\033'
  0
  [1]
  $ monolock diff --color=always alpha | sed -n '1p;7p;17p' | od -c | head -2
  0000000 033   [   1   m   d   i   f   f       -   -   g   i   t       a
  0000020   /   d   u   n   i   v   e   r   s   e   /   a   l   p   h   a
  $ monolock diff --color=always alpha | grep -c $'\033\\[32m+new'
  1
  $ monolock diff --color=sometimes
  monolock: --color: expected always, never or auto, got 'sometimes'
  see 'monolock diff --help'
  [64]

The text edits apply to a clean copy with git and with patch (the binary file is only named,
so it is left out here):

  $ monolock diff alpha > alpha.diff
  $ mkdir -p copy && cp -R clean copy/duniverse && cd copy
  $ git apply --check ../alpha.diff && echo git apply ok
  git apply ok
  $ patch -p1 --dry-run < ../alpha.diff
  checking file duniverse/alpha/NOTES
  checking file duniverse/alpha/alpha.opam
  checking file duniverse/alpha/dune-project
  checking file duniverse/alpha/src/alpha.ml
  $ git apply ../alpha.diff && cd .. && diff -r copy/duniverse/alpha duniverse/alpha && echo same
  same

The pristine source comes back from the server when the cache lost it; offline, that is an
error naming the source:

  $ rm -rf cache
  $ monolock diff --offline alpha
  monolock: alpha: pristine source: offline: 1 of 1 sources not in the cache: alpha (http://127.0.0.1:*/alpha-1.0.tgz) (glob)
  [1]
  $ monolock diff alpha | grep -c '^diff --git'
  4

Directories not in the lock, or not pulled:

  $ monolock diff nosuch
  monolock: nosuch: not a source of monolock.lock
  [64]
  $ unserve
