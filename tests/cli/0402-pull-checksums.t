Every checksum kind opam uses is verified; a mismatch stops the pull before anything is
extracted.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ mkarchive alpha 1.0 && mkarchive beta 1.0 && mkarchive gamma 1.0
  $ src alpha "$URL/alpha-1.0.tgz" "md5=$(md5 srv/alpha-1.0.tgz)"
  $ src beta "$URL/beta-1.0.tgz" "sha512=$(sha512 srv/beta-1.0.tgz)"
  $ src gamma "$URL/gamma-1.0.tgz" "sha256=$(sha256 srv/gamma-1.0.tgz)" "md5=$(md5 srv/gamma-1.0.tgz)" "sha512=$(sha512 srv/gamma-1.0.tgz)"
  $ writelock
  $ monolock pull -q
  $ state alpha beta gamma
  alpha 1.0
  beta 1.0
  gamma 1.0

A new version whose sha512 is right but whose sha256 is wrong: refused, the old directory
stays.

  $ mkarchive alpha 2.0
  $ src alpha "$URL/alpha-2.0.tgz" "sha512=$(sha512 srv/alpha-2.0.tgz)" "sha256=$(sha256 srv/beta-1.0.tgz)"
  $ src beta "$URL/beta-1.0.tgz" "sha512=$(sha512 srv/beta-1.0.tgz)"
  $ src gamma "$URL/gamma-1.0.tgz" "sha256=$(sha256 srv/gamma-1.0.tgz)"
  $ writelock
  $ monolock pull -q 2>err
  [1]
  $ sed "s/$(sha256 srv/alpha-2.0.tgz)/GOT/; s/$(sha256 srv/beta-1.0.tgz)/WANT/" err
  monolock: alpha: checksum mismatch for http://127.0.0.1:*/alpha-2.0.tgz: expected sha256=WANT, got sha256=GOT (glob)
  $ state alpha beta gamma
  alpha 1.0
  beta 1.0
  gamma 1.0
  $ ls duniverse/.monolock/staging
  $ unserve
