A source removed from the lock: its directory and manifest go; `pull DIR` touches only DIR.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ lockarchives 1.0 alpha beta gamma
  $ monolock pull -q
  pulled 3 sources (*, 0 from cache) in * s (glob)
  $ lockarchives 2.0 alpha beta
  $ monolock pull -q duniverse/alpha/
  pulled 1 source (*, 0 from cache) in * s (glob)
  $ state alpha beta gamma
  alpha 2.0
  beta 1.0
  gamma 1.0
  $ monolock pull -q gamma
  removed 1 source in * s (glob)
  $ state alpha beta gamma
  alpha 2.0
  beta 1.0
  gamma missing
  $ ls duniverse/.monolock/manifests
  alpha
  beta
  $ monolock pull -q
  pulled 1 source (*, 0 from cache) in * s (glob)
  $ ls duniverse
  README.md
  alpha
  beta
  dune
  $ unserve
