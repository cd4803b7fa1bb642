status reads only the files that changed: a file whose size, inode, mtime and ctime are those
recorded with its digest is trusted; any other is hashed, and recorded once found right and
older than the racy window (2 s: a file changed within one tick of the clock may keep its
times). `verify` trusts no stamp.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ lockarchives 1.0 alpha beta
  $ monolock pull -q
  $ stamped() { grep -c '^[fxl] [^ ]* [^ ]* [0-9]*:' duniverse/.monolock/manifests/$1; }

Files pull has just written are racy: their stamps are not recorded; status hashes them and,
once they are old enough, records them:

  $ stamped alpha
  0
  [1]
  $ sleep 3
  $ monolock status
  duniverse: 2 directories: 2 clean
  $ stamped alpha
  5
  $ head -1 duniverse/.monolock/manifests/alpha
  monolock-manifest/3

A stamp is trusted: with the recorded digest of a file made wrong (its stamp kept), status
does not read the file and says clean, while verify hashes it and tells:

  $ m=duniverse/.monolock/manifests/alpha
  $ sed -i 's/^f [0-9a-f]* VERSION /f 0000000000000000000000000000000000000000000000000000000000000000 VERSION /' $m
  $ monolock status
  duniverse: 2 directories: 2 clean
  $ monolock verify alpha
  modified        duniverse/alpha/ (1 modified, 0 added, 0 deleted)
    modified  duniverse/alpha/VERSION
  monolock: duniverse: 1 of 1 directory differs from the lock (`monolock pull` restores what it can)
  [3]

An edit that keeps the size and puts the mtime back still changes the ctime: status hashes
the file and tells.

  $ f=duniverse/beta/VERSION && cp -p $f ref && echo 9.9 > $f && touch -r ref $f
  $ cat $f && stat -c %s $f ref
  9.9
  4
  4
  $ monolock status
  modified        duniverse/beta/ (1 modified, 0 added, 0 deleted)
  duniverse: 2 directories: 1 clean, 1 modified

A manifest written before stamps existed (monolock-manifest/1) is read as it was, every file
hashed; status then records the stamps:

  $ rm -rf duniverse && monolock pull -q && sleep 3
  $ sed -i '1s|.*|monolock-manifest/1|' $m && stamped alpha
  0
  [1]
  $ monolock status alpha
  duniverse: 1 directory: 1 clean
  $ head -1 $m && stamped alpha
  monolock-manifest/3
  5

A manifest that is malformed is an error naming it:

  $ sed -i '4s/$/ 1:2:x/' $m
  $ monolock status
  monolock: duniverse/.monolock/manifests/alpha:4: malformed workspace manifest
  [1]
  $ unserve
