A source removed from the lock: its directory and manifest go; `pull DIR` touches only DIR.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ lockarchives 1.0 alpha beta gamma
  $ monolock pull -q
  $ lockarchives 2.0 alpha beta
  $ monolock pull -q duniverse/alpha/
  $ state alpha beta gamma
  alpha 2.0
  beta 1.0
  gamma 1.0
  $ monolock pull -q gamma
  $ state alpha beta gamma
  alpha 2.0
  beta 1.0
  gamma missing
  $ ls duniverse/.monolock/manifests
  alpha
  beta
  $ monolock pull -q
  $ ls duniverse
  README.md
  alpha
  beta
  dune
  $ unserve
