Once a directory's entries are found to be exactly its manifest's and its times are older
than the racy window, status records the stamp of each directory of the tree: the next
status stats each file instead of listing every directory. Adding, removing or renaming an
entry changes its directory's mtime and ctime, so nothing is missed:

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ mkarchive alpha 1.0 && sum=sha256=$(sha256 srv/alpha-1.0.tgz)
  $ for d in a1 a2 a3 a4 a5 a6 a7 a8; do cp srv/alpha-1.0.tgz srv/$d.tgz; src $d "$URL/$d.tgz" $sum; done && writelock
  $ monolock pull -q
  $ sleep 3 && monolock status
  duniverse: 8 directories: 8 clean
  $ m=duniverse/.monolock/manifests/a1
  $ head -1 $m && grep '^d ' $m | cut -d' ' -f1-3
  monolock-manifest/3
  d - .
  d - src

A file added in a subdirectory, one removed, one renamed, one edited with its size and
mtime kept (its ctime tells), one made executable, a subdirectory replaced by a link to a
copy of itself, a file replaced by a directory of the same name; a8 untouched:

  $ echo new > duniverse/a1/src/NEW
  $ rm duniverse/a2/src/alpha.ml
  $ mv duniverse/a3/dune-project duniverse/a3/dune-project.old
  $ f=duniverse/a4/VERSION && cp -p $f ref && echo 9.9 > $f && touch -r ref $f && stat -c %s $f ref
  4
  4
  $ chmod +x duniverse/a5/src/dune
  $ mv duniverse/a6/src duniverse/a6/src.real && ln -s src.real duniverse/a6/src
  $ rm duniverse/a7/VERSION && mkdir duniverse/a7/VERSION
  $ monolock status -v
  modified        duniverse/a1/ (0 modified, 1 added, 0 deleted)
    added     duniverse/a1/src/NEW
  modified        duniverse/a2/ (0 modified, 0 added, 1 deleted)
    deleted   duniverse/a2/src/alpha.ml
  modified        duniverse/a3/ (0 modified, 1 added, 1 deleted)
    deleted   duniverse/a3/dune-project
    added     duniverse/a3/dune-project.old
  modified        duniverse/a4/ (1 modified, 0 added, 0 deleted)
    modified  duniverse/a4/VERSION
  modified        duniverse/a5/ (1 modified, 0 added, 0 deleted)
    modified  duniverse/a5/src/dune
  modified        duniverse/a6/ (0 modified, 3 added, 2 deleted)
    added     duniverse/a6/src
    added     duniverse/a6/src.real/alpha.ml
    added     duniverse/a6/src.real/dune
    deleted   duniverse/a6/src/alpha.ml
    deleted   duniverse/a6/src/dune
  modified        duniverse/a7/ (0 modified, 0 added, 1 deleted)
    deleted   duniverse/a7/VERSION
  clean           duniverse/a8/
  duniverse: 8 directories: 1 clean, 7 modified

The same again once the changes are older than the racy window (the stamps of the changed
directories are not recorded: their entries are not the manifest's), and a no-op pull says
the same:

  $ sleep 3 && monolock status 2>&1 >/dev/null
  duniverse: 8 directories: 1 clean, 7 modified
  $ monolock status 2>&1 >/dev/null
  duniverse: 8 directories: 1 clean, 7 modified
  $ monolock pull
  duniverse is up to date (8 sources)
  7 directories have unsaved edits (`monolock status -v` lists them): a1, a2, a3 and 4 more

A directory put back as it was is clean again, its stamps recorded anew:

  $ rm duniverse/a1/src/NEW && sleep 3 && monolock status a1 && grep -c '^d ' duniverse/.monolock/manifests/a1
  duniverse: 1 directory: 1 clean
  2
  $ monolock status a1
  duniverse: 1 directory: 1 clean
  $ echo later > duniverse/a1/src/LATER && monolock status -v a1
  modified        duniverse/a1/ (0 modified, 1 added, 0 deleted)
    added     duniverse/a1/src/LATER
  duniverse: 1 directory: 1 modified
  $ unserve
