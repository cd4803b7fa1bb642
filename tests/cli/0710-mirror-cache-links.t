`mirror DIR` on the cache's file system hard-links the cache's verified file rather than
copying it (the cache only ever renames complete files in and unlinks them: it never writes
one in place). Emptying the cache afterwards leaves every mirror entry whole, and a second
run finds the entries already there without reading them again.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ lockarchives 1.0 alpha beta
  $ monolock pull -q
  $ monolock mirror m
  mirrored 2 sources: 2 entries added, 0 already there
  $ a=$(sha256 srv/alpha-1.0.tgz) && c=cache/monolock/archives/sha256/${a:0:2}/$a
  $ [ "$(stat -c %i m/sha256/${a:0:2}/$a)" = "$(stat -c %i $c)" ] && echo one file
  one file
  $ stat -c '%a %h' m/sha256/${a:0:2}/$a
  644 2
  $ monolock mirror m
  mirrored 2 sources: 0 entries added, 2 already there

Collecting the whole cache (last used two hours ago), then verifying it, leaves the mirror as
it was:

  $ find cache/monolock/archives -type f -exec touch -d '2 hours ago' {} +
  $ monolock cache gc --max-size 0 >/dev/null && test ! -e $c && echo gone from the cache
  gone from the cache
  $ monolock cache verify >/dev/null
  $ monolock mirror --check m
  m has every source of the lock (2)
  $ cmp m/sha256/${a:0:2}/$a srv/alpha-1.0.tgz && stat -c %h m/sha256/${a:0:2}/$a
  1
  $ unserve
  $ rm -rf duniverse && monolock pull -q --offline --mirror "file://$PWD/m"

Into an existing mirror whose entry is a different file with the right content (a copy, as
another machine wrote it), nothing is rewritten and the entry is read to be verified:

  $ rm -rf m2 && mkdir -p m2/sha256/${a:0:2} && cp srv/alpha-1.0.tgz m2/sha256/${a:0:2}/$a
  $ monolock mirror m2
  mirrored 2 sources: 1 entries added, 1 already there
  $ stat -c %h m2/sha256/${a:0:2}/$a
  1
