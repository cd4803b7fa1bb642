A full disk names its cause, "No space left on device", with the source and the file, and
changes nothing in the workspace. The project lives on a 1 MiB tmpfs (mounting one needs
root: skipped otherwise).

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ mkdir proj small
  $ mount -t tmpfs -o size=1m tmpfs proj 2>/dev/null || exit 80
  $ trap 'cd / && umount -l "$OLDPWD/proj" "$OLDPWD/small" 2>/dev/null' EXIT
  $ serve

A first pull fits.

  $ lockarchives 1.0 alpha
  $ cp monolock.lock proj/ && cd proj
  $ monolock pull -q
  $ cd ..

An archive of 4 MiB of zeros (a few KiB compressed) does not fit: extraction stops at the
first write that fails, and alpha is not touched either.

  $ mkdir -p t/big-1.0 && head -c 4194304 /dev/zero > t/big-1.0/zeros
  $ tar -C t -czf srv/big-1.0.tgz big-1.0 && rm -r t
  $ mkarchive alpha 2.0
  $ src alpha "$URL/alpha-2.0.tgz" "sha256=$(sha256 srv/alpha-2.0.tgz)"
  $ src big "$URL/big-1.0.tgz" "sha256=$(sha256 srv/big-1.0.tgz)"
  $ writelock proj/monolock.lock && cd proj
  $ monolock pull -q
  monolock: big: */archives/sha256/*: cannot write 'duniverse/.monolock/staging/big/zeros': No space left on device (glob)
  [1]
  $ state alpha big
  alpha 1.0
  big missing
  $ ls -A duniverse duniverse/.monolock/staging duniverse/.monolock/pending
  duniverse:
  .monolock
  README.md
  alpha
  dune
  
  duniverse/.monolock/pending:
  
  duniverse/.monolock/staging:
  $ cd ..

Full while writing manifests: every manifest is written before any directory moves, so the
one that does not fit leaves beta as absent as gamma. gamma holds 600 empty files (no data to
store, a manifest of some 60 KiB); the file system gets room for beta's files and manifest
and a few pages more.

  $ mkdir -p t/gamma-1.0 && (cd t/gamma-1.0 && touch $(seq -f 'file-%03g-of-gamma' 600))
  $ tar -C t -czf srv/gamma-1.0.tgz gamma-1.0 && rm -r t
  $ src alpha "$URL/alpha-1.0.tgz" "sha256=$(sha256 srv/alpha-1.0.tgz)"
  $ mkarchive beta 1.0
  $ src beta "$URL/beta-1.0.tgz" "sha256=$(sha256 srv/beta-1.0.tgz)"
  $ src gamma "$URL/gamma-1.0.tgz" "sha256=$(sha256 srv/gamma-1.0.tgz)"
  $ writelock proj/monolock.lock
  $ used=$(df --output=used proj | tail -1)
  $ mount -o remount,size=$((used + 4 * 12))k proj
  $ cd proj && monolock pull -q
  monolock: cannot write 'duniverse/.monolock/pending/gamma.tmp': No space left on device
  [1]
  $ state alpha beta gamma
  alpha 1.0
  beta missing
  gamma missing
  $ ls -A duniverse/.monolock/staging duniverse/.monolock/pending
  duniverse/.monolock/pending:
  
  duniverse/.monolock/staging:
  $ cd .. && mount -o remount,size=1m proj

The same from a git source (a commit holding the 4 MiB file):

  $ mkdir repo && head -c 4194304 /dev/zero > repo/zeros && cd repo && git init -q
  $ git add -A && git -c user.name=t -c user.email=t@example.com commit -qm one && cd ..
  $ gitsrc big "git+file://$PWD/repo" "$(git -C repo rev-parse HEAD)"
  $ writelock proj/monolock.lock && cd proj
  $ monolock pull -q
  monolock: big: cannot write 'duniverse/.monolock/staging/big/zeros': No space left on device
  [1]
  $ ls -A duniverse duniverse/.monolock/staging
  duniverse:
  .monolock
  README.md
  alpha
  dune
  
  duniverse/.monolock/staging:
  $ cd ..

And a cache on a full file system: the download names it.

  $ mount -t tmpfs -o size=64k tmpfs small
  $ mkdir -p t/noise-1.0 && head -c 200000 /dev/urandom > t/noise-1.0/noise
  $ tar -C t -czf srv/noise-1.0.tgz noise-1.0 && rm -r t
  $ src noise "$URL/noise-1.0.tgz" "sha256=$(sha256 srv/noise-1.0.tgz)" && writelock
  $ XDG_CACHE_HOME="$PWD/small" monolock pull -q
  monolock: noise: cannot write the download of http://127.0.0.1:*/noise-1.0.tgz: No space left on device (glob)
  [1]
  $ ls duniverse
  $ unserve
