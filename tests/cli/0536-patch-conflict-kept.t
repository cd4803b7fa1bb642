When saved patches of one source conflict on a new version, pull keeps every old patch
beside as .orig (and says so); saving the resolution with `monolock patch DIR` removes every
one of them, not only the source's own, and nothing else: no stray .orig or .rej is left in
the project or the vendored directory.

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
  $ strays() { find . -path ./cache -prune -o \( -name '*.orig' -o -name '*.rej' \) -print | LC_ALL=C sort; }
  $ lockarchives 1.0 alpha
  $ monolock pull -q

An upstream fix recorded by hand, then our own edits saved on top of it:

  $ mkdir patches && cat > patches/upstream-fix.patch <<'X'
  > diff --git a/src/alpha.ml b/src/alpha.ml
  > --- a/src/alpha.ml
  > +++ b/src/alpha.ml
  > @@ -5,4 +5,4 @@
  >  let e = 5
  >  let f = 6
  >  let g = 7
  > -let h = 8
  > +let h = 80 (* upstream fix *)
  > X
  $ python3 -c '
  > import hashlib, json
  > n = json.load(open("monolock.lock"))
  > n["sources"][0]["patches"] = [{"file": "patches/upstream-fix.patch", "sha256": hashlib.sha256(open("patches/upstream-fix.patch", "rb").read()).hexdigest()}]
  > json.dump(n, open("monolock.lock", "w"), indent=2)'
  $ monolock pull -q
  $ sed -i 's/let b = 2/let b = 20 (* ours *)/' duniverse/alpha/src/alpha.ml
  $ monolock patch alpha
  saved duniverse/alpha as patches/alpha.patch (1 file), on top of patches/upstream-fix.patch

A file of the user's own that happens to end in .orig is theirs:

  $ echo mine > patches/notes.orig

Upstream 2.0 changes our line: the two patches conflict and are carried as one, both old
files kept as .orig:

  $ sed -i 's/let b = 2/let b = 2000/' $ml
  $ relock 2.0
  $ monolock pull
  pulled alpha
  pulled 1 source (*, 0 from cache) in * s (glob)
  monolock: saved patches do not merge cleanly into the new versions; conflict markers left in:
    duniverse/alpha/src/alpha.ml
  the old patch is kept as patches/upstream-fix.patch.orig
  the old patch is kept as patches/alpha.patch.orig
  monolock: resolve the conflicts, then save the result with `monolock patch DIR`
  [3]
  $ strays
  ./patches/alpha.patch.orig
  ./patches/notes.orig
  ./patches/upstream-fix.patch.orig

Resolved (ours kept) and saved: both kept patches are removed, the user's file stays, and
the vendored directory holds no .orig or .rej:

  $ python3 - duniverse/alpha/src/alpha.ml <<'X'
  > import sys
  > out, skip = [], False
  > for l in open(sys.argv[1]):
  >     if l.startswith("<<<<<<<"): continue
  >     if l.startswith("======="): skip = True; continue
  >     if l.startswith(">>>>>>>"): skip = False; continue
  >     if not skip: out.append(l)
  > open(sys.argv[1], "w").writelines(out)
  > X
  $ cat duniverse/alpha/src/alpha.ml
  let a = 1
  let b = 20 (* ours *)
  let c = 3
  let d = 4
  let e = 5
  let f = 6
  let g = 7
  let h = 80 (* upstream fix *)
  $ monolock patch alpha 2>&1 | sort
  removed patches/alpha.patch.orig
  removed patches/upstream-fix.patch.orig
  saved duniverse/alpha as patches/alpha.patch (1 file)
  $ strays
  ./patches/notes.orig
  $ ls patches; ls -A duniverse/.monolock/kept
  alpha.patch
  notes.orig
  $ monolock status
  duniverse: 1 directory: 1 patched
  $ rm -rf duniverse && monolock pull -q && monolock status && strays
  duniverse: 1 directory: 1 patched
  ./patches/notes.orig

The record of what was kept lives in the workspace, which is not trusted: a line naming a
file outside the project or not a .orig is ignored, never removed.

  $ echo keep > ../outside.orig && echo keep > patches/alpha.patch.keep
  $ mkdir -p duniverse/.monolock/kept
  $ printf '../outside.orig\n/etc/passwd.orig\npatches/alpha.patch.keep\npatches/../../outside.orig\n' > duniverse/.monolock/kept/alpha
  $ monolock patch alpha
  saved duniverse/alpha as patches/alpha.patch (1 file)
  $ cat ../outside.orig patches/alpha.patch.keep
  keep
  keep
  $ test -e duniverse/.monolock/kept/alpha || echo record gone
  record gone
  $ unserve
