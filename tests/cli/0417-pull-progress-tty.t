On a terminal, pull draws a progress block (one line per active download and an overall
bar) and then the summary; with -q only the summary. (`script` gives pull a terminal.)

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ lockarchives 1.0 alpha beta gamma
  $ script -qec "monolock pull" /dev/null < /dev/null > tty.out
  $ tr -d '\r' < tty.out | grep -o '\] [0-9]/3 sources' | sort -u | tail -n 1
  ] 3/3 sources
  $ tr -d '\r' < tty.out | grep -o 'pulled 3 sources.*'
  pulled 3 sources (*, 0 from cache) in * s (glob)
  $ rm -rf duniverse
  $ script -qec "monolock pull -q" /dev/null < /dev/null | tr -d '\r'
  $ unserve
