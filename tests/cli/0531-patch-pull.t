`monolock patch DIR` saves a directory's edits as patches/DIR.patch and records it in the
lock; pull applies it whenever it writes the directory (cold, warm, offline), and refuses a
patch that is missing, altered or does not apply, changing nothing.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ lockarchives 1.0 alpha beta
  $ monolock pull -q
  $ echo '(* edited *)' >> duniverse/alpha/src/alpha.ml
  $ echo new > duniverse/alpha/NOTES
  $ rm duniverse/alpha/alpha.opam
  $ chmod +x duniverse/alpha/dune-project

  $ monolock patch
  monolock: which directories? (e.g. monolock patch fmt)
  see 'monolock patch --help'
  [64]
  $ monolock patch duniverse/alpha/ beta
  saved duniverse/alpha as patches/alpha.patch (4 files)
  duniverse/beta has no edits

The patch is a plain diff relative to the source, for humans and upstream:

  $ cat patches/alpha.patch
  diff --git a/NOTES b/NOTES
  new file mode 100644
  index 0000000..3e75765
  --- /dev/null
  +++ b/NOTES
  @@ -0,0 +1 @@
  +new
  diff --git a/alpha.opam b/alpha.opam
  deleted file mode 100644
  index 9289813..0000000
  --- a/alpha.opam
  +++ /dev/null
  @@ -1,4 +0,0 @@
  -opam-version: "2.0"
  -synopsis: "A tiny library for monolock's tests"
  -depends: ["ocaml" "dune"]
  -build: ["dune" "build" "-p" name]
  diff --git a/dune-project b/dune-project
  old mode 100644
  new mode 100755
  diff --git a/src/alpha.ml b/src/alpha.ml
  index e880d05..0e3ddc5 100644
  --- a/src/alpha.ml
  +++ b/src/alpha.ml
  @@ -1 +1,2 @@
   let greeting = "hello"
  +(* edited *)
  $ grep -o '"patches": [^]]*]' monolock.lock
  "patches": [{"file": "patches/alpha.patch", "sha256": "*"}] (glob)
  $ grep -o '"sha256": "[0-9a-f]*"' monolock.lock | cut -d'"' -f4 | cmp - <(sha256 patches/alpha.patch) && echo recorded
  recorded

The directory now matches the lock: nothing to show, nothing to pull.

  $ monolock diff
  $ monolock pull
  duniverse is up to date (2 sources)
  $ monolock status -v
  patched         duniverse/alpha/
  clean           duniverse/beta/
  duniverse: 2 directories: 1 clean, 1 patched
  $ monolock verify
  duniverse: 2 directories, 10 files hashed: identical to the lock

The bill of materials says alpha carries the project's patch (CycloneDX pedigree):

  $ monolock sbom 2>/dev/null | python3 -c 'import json,sys; d=json.load(sys.stdin); print([(c["name"], c.get("pedigree")) for c in d["components"] if c["name"] in ("alpha", "beta")])'
  [('alpha', {'patches': [{'type': 'unofficial', 'diff': {'url': 'patches/alpha.patch'}}]}), ('beta', None)]

Pulled again from nothing, warm and offline, the edits come back:

  $ rm -rf duniverse
  $ monolock pull -q
  $ cat duniverse/alpha/src/alpha.ml duniverse/alpha/NOTES
  let greeting = "hello"
  (* edited *)
  new
  $ test -x duniverse/alpha/dune-project && test ! -e duniverse/alpha/alpha.opam && echo ok
  ok
  $ monolock diff
  $ unserve
  $ rm -rf duniverse
  $ monolock pull -q --offline
  $ grep -c edited duniverse/alpha/src/alpha.ml
  1

A patch file altered behind the lock's back stops every pull, whatever it would write:

  $ cp patches/alpha.patch saved.patch
  $ echo '# note' >> patches/alpha.patch
  $ monolock pull --offline
  monolock: patch 'patches/alpha.patch' does not match the lock: sha256 *, the lock says * (`monolock patch DIR` records the current edits) (glob)
  [1]
  $ rm patches/alpha.patch
  $ monolock pull --offline
  monolock: patch 'patches/alpha.patch' recorded in the lock: missing, or not a regular file
  [1]
  $ mkdir elsewhere && cp saved.patch elsewhere/alpha.patch && rmdir patches && ln -s elsewhere patches
  $ monolock pull --offline
  monolock: patch 'patches/alpha.patch': 'patches' is not a directory (links are not followed)
  [1]
  $ rm patches && mkdir patches && cp saved.patch patches/alpha.patch

A lock naming a patch outside the project is refused as it is read:

  $ sed 's|"patches/alpha.patch"|"../alpha.patch"|' monolock.lock > evil.lock
  $ monolock pull --offline --lockfile evil.lock
  monolock: evil.lock: source 'alpha': patch file '../alpha.patch' is not a relative path inside the project (no '..', '.', empty or absolute components)
  [1]

A patch that does not apply (here: recorded for another text) names the patch, the file and
the hunk; the directory is left as it was:

  $ sed -i 's/^ let greeting = "hello"/ let greeting = "bye"/' patches/alpha.patch
  $ sed -i "s/\"sha256\": \"[0-9a-f]*\"/\"sha256\": \"$(sha256 patches/alpha.patch)\"/" monolock.lock
  $ monolock pull --offline
  monolock: alpha: patches/alpha.patch: src/alpha.ml: hunk #1 (@@ -1 +1,2 @@) does not apply
  [1]
  $ cat duniverse/alpha/src/alpha.ml
  let greeting = "hello"
  (* edited *)
  $ ls duniverse/.monolock/staging
