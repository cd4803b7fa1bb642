When the lock names a new version of a patched source, pull carries each patch by a
three-way merge (base: the old version from the cache, ours: old version + patch, theirs:
the new version). Clean: the patch is rewritten against the new version and the lock
updated. Conflicting: conflict markers in the new version's files, the old patch kept
beside, exit 3, and `monolock patch DIR` saves the resolution.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ mkdir -p fix/src && cp -R "$ML_ROOT/fixtures/pull/src/alpha" fix/src/
  $ PULL_FIX=$PWD/fix
  $ ml=fix/src/alpha/src/alpha.ml
  $ printf 'let a = 1\nlet b = 2\nlet c = 3\nlet d = 4\nlet e = 5\nlet f = 6\nlet g = 7\nlet h = 8\n' > $ml

A lock that moves to another version keeps the patches of the previous one (as `monolock
lock` does):

  $ relock() { cp monolock.lock prev.lock; lockarchives "$1" alpha; python3 -c '
  > import json
  > p = {s["dir"]: s.get("patches") for s in json.load(open("prev.lock"))["sources"]}
  > n = json.load(open("monolock.lock"))
  > for s in n["sources"]:
  >     if p.get(s["dir"]): s["patches"] = p[s["dir"]]
  > json.dump(n, open("monolock.lock", "w"), indent=2)'; }
  $ lockarchives 1.0 alpha
  $ monolock pull -q
  $ sed -i 's/let b = 2/let b = 20 (* ours *)/' duniverse/alpha/src/alpha.ml
  $ monolock patch alpha
  saved duniverse/alpha as patches/alpha.patch (1 file)

Upstream 2.0 changes another line: a clean carry.

  $ sed -i 's/let g = 7/let g = 70/' $ml
  $ relock 2.0
  $ monolock pull
  pulled alpha
  carried patches/alpha.patch to the new version of duniverse/alpha
  pulled 1 source (*, 0 from cache) in * s (glob)
  $ cat duniverse/alpha/VERSION duniverse/alpha/src/alpha.ml
  2.0
  let a = 1
  let b = 20 (* ours *)
  let c = 3
  let d = 4
  let e = 5
  let f = 6
  let g = 70
  let h = 8
  $ cat patches/alpha.patch
  diff --git a/src/alpha.ml b/src/alpha.ml
  index *..* 100644 (glob)
  --- a/src/alpha.ml
  +++ b/src/alpha.ml
  @@ -1,5 +1,5 @@
   let a = 1
  -let b = 2
  +let b = 20 (* ours *)
   let c = 3
   let d = 4
   let e = 5
  $ grep -o '"sha256": "[0-9a-f]*"' monolock.lock | cut -d'"' -f4 | cmp - <(sha256 patches/alpha.patch) && echo lock updated
  lock updated
  $ grep -o 'alpha-[0-9.]*tgz' monolock.lock
  alpha-2.0.tgz
  $ monolock diff
  $ monolock pull
  duniverse is up to date (1 source)
  $ rm -rf duniverse && monolock pull -q && grep ours duniverse/alpha/src/alpha.ml
  let b = 20 (* ours *)

Unsaved edits when the lock moves on: pull refuses and says how to keep them; `monolock
patch` saves them against the version pulled, and pull carries them:

  $ sed -i 's/let d = 4/let d = 40 (* ours too *)/' duniverse/alpha/src/alpha.ml
  $ sed -i 's/let h = 8/let h = 80/' $ml
  $ relock 3.0
  $ monolock pull
  monolock: local modifications in directories pull would replace or remove:
    modified  duniverse/alpha/src/alpha.ml
  monolock: `monolock patch alpha` keeps the edits as patches that pull carries to the new version
  monolock: refusing to discard local modifications (use --force to discard them); nothing was changed
  [3]
  $ monolock patch alpha
  saved duniverse/alpha as patches/alpha.patch (1 file)
    against the version pulled (http://127.0.0.1:*/alpha-2.0.tgz), not the lock's: `monolock pull` carries it to http://127.0.0.1:*/alpha-3.0.tgz (glob)
  $ monolock pull
  pulled alpha
  carried patches/alpha.patch to the new version of duniverse/alpha
  pulled 1 source (*, 0 from cache) in * s (glob)
  $ grep -c -e ours -e 'h = 80' duniverse/alpha/src/alpha.ml
  3

Upstream 4.0 changes the line the patch changes: a conflict.

  $ sed -i 's/let b = 2/let b = 2000/' $ml
  $ relock 4.0
  $ monolock pull
  pulled alpha
  pulled 1 source (*, 0 from cache) in * s (glob)
  monolock: saved patches do not merge cleanly into the new versions; conflict markers left in:
    duniverse/alpha/src/alpha.ml
  the old patch is kept as patches/alpha.patch.orig
  monolock: resolve the conflicts, then save the result with `monolock patch DIR`
  [3]
  $ cat duniverse/alpha/VERSION duniverse/alpha/src/alpha.ml
  4.0
  let a = 1
  <<<<<<< patches/alpha.patch
  let b = 20 (* ours *)
  =======
  let b = 2000
  >>>>>>> http://127.0.0.1:*/alpha-4.0.tgz (glob)
  let c = 3
  let d = 40 (* ours too *)
  let e = 5
  let f = 6
  let g = 70
  let h = 80
  $ ls patches
  alpha.patch.orig
  $ grep -c patches monolock.lock
  0
  [1]

The merge is a local edit of the new version until it is saved:

  $ monolock diff --stat
   duniverse/alpha/src/alpha.ml | 6 +++++-
   1 file changed, 5 insertions(+), 1 deletion(-)
  $ monolock pull
  duniverse is up to date (1 source)
  1 directory has unsaved edits (`monolock status -v` lists them): alpha
  $ sed -i -e '/^<<<<<<<\|^=======\|^>>>>>>>/d' -e '/let b = 2000/d' duniverse/alpha/src/alpha.ml
  $ monolock patch alpha
  removed patches/alpha.patch.orig
  saved duniverse/alpha as patches/alpha.patch (1 file)
  $ ls patches
  alpha.patch
  $ rm -rf duniverse && monolock pull -q && cat duniverse/alpha/src/alpha.ml
  let a = 1
  let b = 20 (* ours *)
  let c = 3
  let d = 40 (* ours too *)
  let e = 5
  let f = 6
  let g = 70
  let h = 80
  $ unserve
