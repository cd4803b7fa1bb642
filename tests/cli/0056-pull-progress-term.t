The progress block moves the cursor only on a terminal that can (not with TERM=dumb), uses
colour only when NO_COLOR is not set, and erases itself completely when done, even on a
terminal narrower than its lines (tests/support/vt.py shows what the terminal shows).

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache" TERM=xterm
  $ unset NO_COLOR
  $ serve
  $ lockarchives 1.0 alpha beta gamma
  $ script -qec "stty cols 40; monolock pull > /dev/null" /dev/null < /dev/null > tty.out
  $ python3 "$ML_ROOT/tests/support/vt.py" 40 < tty.out
  pulled 3 sources (*, 0 from cache) (glob)
   in * s (glob)
  $ grep -c $'\033\\[32m' tty.out > /dev/null && echo coloured
  coloured

NO_COLOR: the same block, without colour.

  $ rm -rf duniverse cache
  $ NO_COLOR=1 script -qec "stty cols 40; monolock pull > /dev/null" /dev/null < /dev/null > tty.out
  $ python3 "$ML_ROOT/tests/support/vt.py" 40 < tty.out
  pulled 3 sources (*, 0 from cache) (glob)
   in * s (glob)
  $ grep -c $'\033\\[K' tty.out > /dev/null && echo drawn
  drawn
  $ grep -c $'\033\\[3' tty.out
  0
  [1]

TERM=dumb: plain lines, no escape sequence at all.

  $ rm -rf duniverse cache
  $ TERM=dumb script -qec "monolock pull > /dev/null" /dev/null < /dev/null > tty.out
  $ tr -d '\r' < tty.out
  pulled alpha
  pulled beta
  pulled gamma
  pulled 3 sources (*, 0 from cache) in * s (glob)
  $ grep -c $'\033' tty.out
  0
  [1]
  $ unserve
