A pull that changes nothing still says, in one line, which directories carry unsaved edits
and the command that lists them. Directories not in the lock and links are not edits.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ mkarchive alpha 1.0 && sum=sha256=$(sha256 srv/alpha-1.0.tgz)
  $ for d in a1 a2 a3 a4 a5; do cp srv/alpha-1.0.tgz srv/$d.tgz; src $d "$URL/$d.tgz" $sum; done && writelock
  $ monolock pull -q
  $ monolock pull -q
  $ mkdir duniverse/mine && ln -s mine duniverse/link
  $ monolock pull -q
  $ echo edit >> duniverse/a2/VERSION
  $ monolock pull
  duniverse is up to date (5 sources)
  1 directory has unsaved edits (`monolock status -v` lists them): a2
  $ for d in a1 a3 a4 a5; do echo new > duniverse/$d/NEW; done
  $ monolock pull
  duniverse is up to date (5 sources)
  5 directories have unsaved edits (`monolock status -v` lists them): a1, a2, a3 and 2 more

`pull DIR` looks at DIR only:

  $ monolock pull a2 duniverse/a5
  duniverse is up to date (2 sources)
  2 directories have unsaved edits (`monolock status -v` lists them): a2, a5
  $ unserve
