An offline pull whose cached archive fails its checksum says so: which source and URL, the
checksum expected and the one found, that the entry was dropped, and what to run next; not
that it "is not in the cache" as if it had never been there.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ lockarchives 1.0 alpha beta
  $ monolock pull -q
  $ S=$(sha256 srv/alpha-1.0.tgz)
  $ E=cache/monolock/archives/sha256/${S:0:2}/$S
  $ chmod u+w $E && echo junk >>$E
  $ J=$(sha256 $E)
  $ rm -rf duniverse
  $ monolock pull -q --offline 2>err; echo "exit $?"
  exit 1
  $ sed "s/$S/HASH/g; s/$J/JUNK/g" err
  monolock: alpha: http://127.0.0.1:*/alpha-1.0.tgz: the cached archive failed its checksum (expected sha256=HASH, got sha256=JUNK) and was dropped (without --offline it is downloaded again) (glob)
  $ test -e $E || echo dropped
  dropped

The same with --json: one error document naming the package and the URL.

  $ cp srv/alpha-1.0.tgz $E && echo junk >>$E
  $ monolock --json pull -q --offline >out; echo "exit $?"
  exit 1
  $ sed "s/$S/HASH/g; s/$J/JUNK/g" out
  {
    "monolock": 1,
    "error": {
      "code": 1,
      "message": "1 of 2 sources failed: alpha: http://127.0.0.1:*/alpha-1.0.tgz: the cached archive failed its checksum (expected sha256=HASH, got sha256=JUNK) and was dropped (without --offline it is downloaded again)", (glob)
      "package": "alpha",
      "url": "http://127.0.0.1:*/alpha-1.0.tgz" (glob)
    }
  }

Dropped, the entry is absent: offline, alpha is now "not in the cache"; online, pull downloads
it again (nothing was pulled meanwhile: beta neither).

  $ monolock pull -q --offline
  monolock: alpha: http://127.0.0.1:*/alpha-1.0.tgz is not in the cache (glob)
  monolock: without --offline, pull downloads what the cache lacks
  [1]
  $ state alpha beta
  alpha missing
  beta missing
  $ monolock pull -q
  $ state alpha beta
  alpha 1.0
  beta 1.0
  $ test "$(sha256 $E)" = "$S" && echo good
  good
  $ unserve
