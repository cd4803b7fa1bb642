A pull survives a power loss, not only a kill: what a rename commits is on disk before the
rename, and the rename is made durable (fsync of its directory) before anything relies on it.
Seen with strace (skipped where it is missing): every sync and rename of the workspace, as
steps (`manifest D` = a pending manifest written; `syncfs` = every staged tree and manifest
flushed; `swap D`/`move D` = the staged directory renamed in; `claim D` = its manifest
renamed in place; `sync X/` = fsync of directory X). LeakSanitizer cannot run under ptrace:
it is off for the traced runs of the sanitizer build.

  $ command -v strace >/dev/null || exit 80
  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ steps() {
  >   sed -n "s|$PWD/||g; s/^[0-9]* *//p" trace | awk '
  >   /^rename\("duniverse\/.monolock\/pending\/.*\.tmp"/ { split($0, a, "\""); sub(/.*\//, "", a[4]); print "manifest " a[4]; next }
  >   /^syncfs\(/ { print "syncfs"; next }
  >   /^renameat2\(.*staging\/.*RENAME_EXCHANGE/ { split($0, a, "\""); sub(/.*\//, "", a[4]); print "swap " a[4]; next }
  >   /^rename\("duniverse\/.monolock\/staging\// { split($0, a, "\""); sub(/.*\//, "", a[4]); print "move " a[4]; next }
  >   /^rename\("duniverse\/.monolock\/pending\// { split($0, a, "\""); sub(/.*\//, "", a[4]); print "claim " a[4]; next }
  >   /^rename\("duniverse\/[^.][^"]*", "duniverse\/.monolock\/aside\// { split($0, a, "\""); sub(/.*\//, "", a[2]); print "aside " a[2]; next }
  >   /^unlink\("duniverse\/.monolock\/manifests\// { split($0, a, "\""); sub(/.*\//, "", a[2]); print "unclaim " a[2]; next }
  >   /^fsync\([0-9]*<duniverse\/dune\.tmp/ { print "sync dune.tmp"; next }
  >   /^rename\("duniverse\/dune\.tmp/ { print "rename dune.tmp dune"; next }
  >   /^fsync\([0-9]*<duniverse\/README\.md\.tmp/ { print "sync README.md.tmp"; next }
  >   /^rename\("duniverse\/README\.md\.tmp/ { print "rename README.md.tmp README.md"; next }
  >   /^fsync\([0-9]*<duniverse>/ { print "sync duniverse/"; next }
  >   /^fsync\([0-9]*<duniverse\/.monolock\/manifests>/ { print "sync manifests/"; next }
  >   /^(fsync|syncfs|rename)/ && !/cache\// { print "unexpected: " $0 }'
  > }
  $ pull() {
  >   ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
  >   strace -f -y -o trace -e trace=fsync,fdatasync,syncfs,rename,renameat,renameat2,unlink \
  >     monolock pull -q
  > }

A first pull: every manifest is written, and flushed with the trees, before the first move;
the moves are synced before any manifest claims its directory; then the generated dune file.

  $ lockarchives 1.0 alpha beta gamma
  $ pull
  $ steps
  syncfs
  syncfs
  manifest alpha
  manifest beta
  manifest gamma
  syncfs
  move alpha
  move beta
  move gamma
  sync duniverse/
  claim alpha
  claim beta
  claim gamma
  sync manifests/
  sync dune.tmp
  rename dune.tmp dune
  sync duniverse/
  sync README.md.tmp
  rename README.md.tmp README.md
  sync duniverse/

Two replaced (one atomic exchange each) and one removed: the removed directory is out of the
way for good before its manifest goes.

  $ lockarchives 2.0 alpha beta
  $ pull
  $ steps
  syncfs
  syncfs
  manifest alpha
  manifest beta
  aside gamma
  sync duniverse/
  unclaim gamma
  sync manifests/
  syncfs
  swap alpha
  swap beta
  sync duniverse/
  claim alpha
  claim beta
  sync manifests/

The cache: the entries' files are synced before their renames into archives/sha256/ (one
syncfs for all of them), and their directories after (one syncfs).

  $ rm -rf cache duniverse && pull >/dev/null
  $ sed -n "s|$PWD/||g; s/^[0-9]* *//p" trace | awk '
  >   /^fsync\([0-9]*<cache\/monolock\/tmp\// { split($0, a, "[<>]"); synced[a[2]] = 1; next }
  >   /^syncfs\([0-9]*<cache\/monolock\/tmp>/ { all = 1; next }
  >   /^rename\("cache\/monolock\/tmp\/.*archives\/sha256\// {
  >     split($0, a, "\""); dir = a[4]; sub(/\/[^\/]*$/, "", dir)
  >     if (!all && !synced[a[2]]) print "not synced before rename: " a[2]
  >     want = dir; n++; left++; next }
  >   left && /^syncfs\([0-9]*<cache\/monolock>/ { ok += left; left = 0; want = ""; next }
  >   want != "" && /^fsync\(/ { split($0, a, "[<>]"); if (a[2] == want) { ok++; left--; want = "" } }
  >   END { print n " entries, " ok " directories synced after their rename" }'
  2 entries, 2 directories synced after their rename

The cache's syncs do not grow with its entries: three new archives cost two syncfs of the cache
(their files before the renames, the renames after) and no fsync of their own.

  $ rm -rf cache duniverse && lockarchives 3.0 alpha beta gamma && pull >/dev/null
  $ sed -n "s|$PWD/||g; s/^[0-9]* *//p" trace | awk '
  >   /^fsync\([0-9]*<cache\// { f++ } /^syncfs\([0-9]*<cache/ { s++ }
  >   END { print f + 0 " fsync, " s + 0 " syncfs of the cache" }'
  0 fsync, 2 syncfs of the cache

  $ unserve
