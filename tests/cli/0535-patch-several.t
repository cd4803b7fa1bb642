Several saved patches on one source stay separate files, applied in the order the lock
lists them. `monolock patch DIR` writes only the project's own patch, patches/<dir>.patch,
always last: the edits on top of the others (here an upstream fix added to the lock by
hand), which it never rewrites. Pull carries them one by one to a new version, each staying
its own file; one the new version already holds is dropped.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ mkdir -p fix/src && cp -R "$ML_ROOT/fixtures/pull/src/alpha" fix/src/
  $ PULL_FIX=$PWD/fix
  $ ml=fix/src/alpha/src/alpha.ml
  $ printf 'let a = 1\nlet b = 2\nlet c = 3\nlet d = 4\nlet e = 5\nlet f = 6\nlet g = 7\nlet h = 8\n' > $ml
  $ relock() { cp monolock.lock prev.lock; lockarchives "$1" alpha; python3 -c '
  > import json
  > p = {s["dir"]: s.get("patches") for s in json.load(open("prev.lock"))["sources"]}
  > n = json.load(open("monolock.lock"))
  > for s in n["sources"]:
  >     if p.get(s["dir"]): s["patches"] = p[s["dir"]]
  > json.dump(n, open("monolock.lock", "w"), indent=2)'; }
  $ patches() { python3 -c 'import json; print(*[p["file"] for s in json.load(open("monolock.lock"))["sources"] for p in s.get("patches", [])])'; }
  $ lockarchives 1.0 alpha
  $ monolock pull -q

An upstream fix, recorded by hand before any patch of ours:

  $ mkdir patches && cat > patches/upstream-fix.patch <<'X'
  > diff --git a/src/alpha.ml b/src/alpha.ml
  > --- a/src/alpha.ml
  > +++ b/src/alpha.ml
  > @@ -3,5 +3,5 @@
  >  let c = 3
  >  let d = 4
  > -let e = 5
  > +let e = 50 (* upstream fix *)
  >  let f = 6
  >  let g = 7
  > X
  $ python3 -c '
  > import hashlib, json
  > n = json.load(open("monolock.lock"))
  > n["sources"][0]["patches"] = [{"file": "patches/upstream-fix.patch", "sha256": hashlib.sha256(open("patches/upstream-fix.patch", "rb").read()).hexdigest()}]
  > json.dump(n, open("monolock.lock", "w"), indent=2)'
  $ cp patches/upstream-fix.patch fix.orig
  $ monolock pull -q && grep 'e =' duniverse/alpha/src/alpha.ml
  let e = 50 (* upstream fix *)

Our edits are saved on top of it, in their own file; the fix is not touched:

  $ sed -i 's/let b = 2/let b = 20 (* ours *)/' duniverse/alpha/src/alpha.ml
  $ monolock patch alpha
  saved duniverse/alpha as patches/alpha.patch (1 file), on top of patches/upstream-fix.patch
  $ patches
  patches/upstream-fix.patch patches/alpha.patch
  $ cmp fix.orig patches/upstream-fix.patch && grep '^[-+]let' patches/alpha.patch
  -let b = 2
  +let b = 20 (* ours *)
  $ monolock status
  duniverse: 1 directory: 1 patched
  $ rm -rf duniverse && monolock pull -q && grep -e 'b =' -e 'e =' duniverse/alpha/src/alpha.ml
  let b = 20 (* ours *)
  let e = 50 (* upstream fix *)

More edits go to the same file; undoing ours drops it, and the fix stays:

  $ sed -i 's/let d = 4/let d = 40/' duniverse/alpha/src/alpha.ml
  $ monolock patch alpha
  saved duniverse/alpha as patches/alpha.patch (1 file), on top of patches/upstream-fix.patch
  $ grep -c '^+let' patches/alpha.patch
  2
  $ sed -i -e 's/let d = 40/let d = 4/' -e 's/let b = 20 (\* ours \*)/let b = 2/' duniverse/alpha/src/alpha.ml
  $ monolock patch alpha
  duniverse/alpha has no edits: its patch is dropped from the lock
  $ patches; ls patches
  patches/upstream-fix.patch
  upstream-fix.patch
  $ sed -i 's/let b = 2/let b = 20 (* ours *)/' duniverse/alpha/src/alpha.ml
  $ monolock patch alpha
  saved duniverse/alpha as patches/alpha.patch (1 file), on top of patches/upstream-fix.patch

Upstream 2.0 changes another line: both patches are carried, one by one, and stay two files
in the same order:

  $ sed -i 's/let h = 8/let h = 80/' $ml
  $ relock 2.0
  $ monolock pull
  pulled alpha
  carried patches/upstream-fix.patch to the new version of duniverse/alpha
  carried patches/alpha.patch to the new version of duniverse/alpha
  pulled 1 source (*, 0 from cache) in * s (glob)
  $ patches; cat duniverse/alpha/VERSION duniverse/alpha/src/alpha.ml
  patches/upstream-fix.patch patches/alpha.patch
  2.0
  let a = 1
  let b = 20 (* ours *)
  let c = 3
  let d = 4
  let e = 50 (* upstream fix *)
  let f = 6
  let g = 7
  let h = 80
  $ grep '^[-+]let' patches/upstream-fix.patch patches/alpha.patch
  patches/upstream-fix.patch:-let e = 5
  patches/upstream-fix.patch:+let e = 50 (* upstream fix *)
  patches/alpha.patch:-let b = 2
  patches/alpha.patch:+let b = 20 (* ours *)
  $ monolock status && monolock diff
  duniverse: 1 directory: 1 patched
  $ rm -rf duniverse && monolock pull -q && monolock status
  duniverse: 1 directory: 1 patched

Edits made after the lock moved on (3.0 not pulled yet) are saved against the version the
directory was pulled from (2.0, as its manifest records), still on top of the fix; pull
then carries both:

  $ sed -i 's/let g = 7/let g = 70/' $ml
  $ relock 3.0
  $ sed -i 's/let c = 3/let c = 30/' duniverse/alpha/src/alpha.ml
  $ monolock patch alpha
  saved duniverse/alpha as patches/alpha.patch (1 file), on top of patches/upstream-fix.patch
    against the version pulled (http://127.0.0.1:*/alpha-2.0.tgz), not the lock's: `monolock pull` carries it to http://127.0.0.1:*/alpha-3.0.tgz (glob)
  $ grep '^[-+]let' patches/alpha.patch
  -let b = 2
  -let c = 3
  +let b = 20 (* ours *)
  +let c = 30
  $ monolock pull
  pulled alpha
  carried patches/upstream-fix.patch to the new version of duniverse/alpha
  carried patches/alpha.patch to the new version of duniverse/alpha
  pulled 1 source (*, 0 from cache) in * s (glob)
  $ cat duniverse/alpha/src/alpha.ml
  let a = 1
  let b = 20 (* ours *)
  let c = 30
  let d = 4
  let e = 50 (* upstream fix *)
  let f = 6
  let g = 70
  let h = 80

Upstream 4.0 ships the fix: that patch is empty against it, and dropped; ours stays:

  $ sed -i 's/let e = 5/let e = 50 (* upstream fix *)/' $ml
  $ relock 4.0
  $ monolock pull
  pulled alpha
  carried patches/upstream-fix.patch to the new version of duniverse/alpha
  carried patches/alpha.patch to the new version of duniverse/alpha
  pulled 1 source (*, 0 from cache) in * s (glob)
  $ patches; ls patches
  patches/alpha.patch
  alpha.patch
  $ monolock status && grep -c 'e = 50' duniverse/alpha/src/alpha.ml
  duniverse: 1 directory: 1 patched
  1

When one of them conflicts, they are merged as one, as a single patch is: conflict markers
naming them all, each old patch kept beside as .orig, exit 3 (0532 shows the resolution).
Here a second patch recorded by hand after ours, and upstream 5.0 changes our line:

  $ cat > patches/extra.patch <<'X'
  > diff --git a/src/alpha.ml b/src/alpha.ml
  > --- a/src/alpha.ml
  > +++ b/src/alpha.ml
  > @@ -5,4 +5,4 @@
  >  let e = 50 (* upstream fix *)
  >  let f = 6
  >  let g = 70
  > -let h = 80
  > +let h = 800
  > X
  $ python3 -c '
  > import hashlib, json
  > n = json.load(open("monolock.lock"))
  > n["sources"][0]["patches"].append({"file": "patches/extra.patch", "sha256": hashlib.sha256(open("patches/extra.patch", "rb").read()).hexdigest()})
  > json.dump(n, open("monolock.lock", "w"), indent=2)'
  $ monolock pull -q && patches && tail -1 duniverse/alpha/src/alpha.ml
  patches/alpha.patch patches/extra.patch
  let h = 800
  $ sed -i 's/let b = 2/let b = 2000/' $ml
  $ relock 5.0
  $ monolock pull
  pulled alpha
  pulled 1 source (*, 0 from cache) in * s (glob)
  monolock: saved patches do not merge cleanly into the new versions; conflict markers left in:
    duniverse/alpha/src/alpha.ml
  the old patch is kept as patches/alpha.patch.orig
  the old patch is kept as patches/extra.patch.orig
  monolock: resolve the conflicts, then save the result with `monolock patch DIR`
  [3]
  $ head -6 duniverse/alpha/src/alpha.ml; tail -1 duniverse/alpha/src/alpha.ml
  let a = 1
  <<<<<<< patches/alpha.patch + patches/extra.patch
  let b = 20 (* ours *)
  let c = 30
  =======
  let b = 2000
  let h = 800
  $ patches; ls patches
  
  alpha.patch.orig
  extra.patch.orig
  $ unserve
