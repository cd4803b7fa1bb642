The cache removes only its own entries and never follows a link it did not write: links
planted in it (to a file outside, or to a corrupt entry that is itself a link), fifos and
directories are treated as absent and replaced, and what they led to is left alone.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ C=$PWD/cache/monolock/archives
  $ serve
  $ mkarchive alpha 1.0 && mkarchive beta 1.0 && mkarchive gamma 1.0
  $ A5=$(md5 srv/alpha-1.0.tgz) B512=$(sha512 srv/beta-1.0.tgz) G256=$(sha256 srv/gamma-1.0.tgz)
  $ echo precious >important

An md5 index entry that is a link to a file outside the cache, a sha512 one leading outside
through a relative link, and a sha256 entry that is a fifo.

  $ mkdir -p $C/md5/${A5:0:2} $C/sha512/${B512:0:2} $C/sha256/${G256:0:2}
  $ ln -s "$PWD/important" $C/md5/${A5:0:2}/$A5
  $ ln -s ../../../../../important $C/sha512/${B512:0:2}/$B512
  $ cat $C/sha512/${B512:0:2}/$B512
  precious
  $ mkfifo $C/sha256/${G256:0:2}/$G256
  $ src alpha "$URL/alpha-1.0.tgz" "md5=$A5"
  $ src beta "$URL/beta-1.0.tgz" "sha512=$B512"
  $ src gamma "$URL/gamma-1.0.tgz" "sha256=$G256"
  $ writelock
  $ timeout 60 monolock pull -q
  $ cat important
  precious
  $ state alpha beta gamma
  alpha 1.0
  beta 1.0
  gamma 1.0

The planted entries were replaced by what the cache writes: a regular file per content and
relative links to it.

  $ test -f $C/sha256/${G256:0:2}/$G256 && ! test -L $C/sha256/${G256:0:2}/$G256 && echo file
  file
  $ readlink $C/md5/${A5:0:2}/$A5 | sed "s/$(sha256 srv/alpha-1.0.tgz)/SHA/"
  ../../sha256/*/SHA (glob)

An index link in the cache's own form, to a sha256 entry that is itself a link outside:
the bad entries go, not the file they lead to. A directory where an entry belongs is
removed with what it holds (links in it are not followed).

  $ S=$(sha256 srv/alpha-1.0.tgz)
  $ rm $C/sha256/${S:0:2}/$S && ln -s "$PWD/important" $C/sha256/${S:0:2}/$S
  $ rm $C/sha256/${G256:0:2}/$G256 && mkdir $C/sha256/${G256:0:2}/$G256
  $ ln -s "$PWD/important" $C/sha256/${G256:0:2}/$G256/inside
  $ rm -rf duniverse
  $ timeout 60 monolock pull -q
  $ cat important
  precious
  $ test -f $C/sha256/${S:0:2}/$S && test -f $C/sha256/${G256:0:2}/$G256 && echo files
  files

Offline, a planted fifo or link is absent, not a hang nor a deletion.

  $ rm $C/sha256/${S:0:2}/$S && mkfifo $C/sha256/${S:0:2}/$S
  $ rm -rf duniverse
  $ timeout 60 monolock pull -q --offline alpha 2>&1 | sed "s/$S/SHA/g"
  monolock: alpha: http://127.0.0.1:*/alpha-1.0.tgz is not in the cache (glob)
  monolock: without --offline, pull downloads what the cache lacks
  $ cat important
  precious

The cache's own directories and files: a tmp/ that is a link to a directory with old files,
and a lock file that is a dangling link, are not followed.

  $ mkdir victim && echo old >victim/old && touch -d '3 days ago' victim/old
  $ rm -rf cache/monolock/tmp && ln -s "$PWD/victim" cache/monolock/tmp
  $ rm -f cache/monolock/lock && ln -s "$PWD/created" cache/monolock/lock
  $ rm -rf cache/monolock/archives/sha256
  $ rm -rf duniverse
  $ timeout 60 monolock pull -q
  $ cat victim/old
  old
  $ test -e created || echo 'no created'
  no created
  $ test -d cache/monolock/tmp && ! test -L cache/monolock/tmp && echo real
  real
  $ unserve
