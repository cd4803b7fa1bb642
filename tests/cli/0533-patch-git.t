Patches of a git source: the pristine tree is the commit from the cache's object store;
`diff`, `patch`, a fresh pull and a carry to a later commit work as for archives, with
--keep-git-dir too (.git is never part of a diff).

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ cp -R "$PULL_FIX/src/beta" repo && cd repo && git init -q && echo 1.0 > VERSION
  $ printf 'let greet who = Alpha.greeting ^ ", " ^ who\n\n\n\nlet v = 1\n' > src/beta.ml
  $ git add -A && git -c user.name=t -c user.email=t@example.com commit -qm one
  $ first=$(git rev-parse HEAD)
  $ sed -i 's/let v = 1/let v = 2/' src/beta.ml && echo 2.0 > VERSION
  $ git -c user.name=t -c user.email=t@example.com commit -qam two
  $ second=$(git rev-parse HEAD)
  $ cd ..
  $ gitsrc beta "git+file://$PWD/repo" "$first" && writelock && cp monolock.lock first.lock
  $ monolock pull -q --keep-git-dir
  $ sed -i 's/", "/" and "/' duniverse/beta/src/beta.ml
  $ monolock diff
  diff --git a/duniverse/beta/src/beta.ml b/duniverse/beta/src/beta.ml
  index *..* 100644 (glob)
  --- a/duniverse/beta/src/beta.ml
  +++ b/duniverse/beta/src/beta.ml
  @@ -1,4 +1,4 @@
  -let greet who = Alpha.greeting ^ ", " ^ who
  +let greet who = Alpha.greeting ^ " and " ^ who
   
   
   
  $ monolock patch beta
  saved duniverse/beta as patches/beta.patch (1 file)
  $ monolock pull -q --keep-git-dir
  $ rm -rf duniverse && monolock pull -q && grep -c ' and ' duniverse/beta/src/beta.ml
  1

The lock moves to the second commit (its patch kept): carried.

  $ sed -i "s/$first/$second/" monolock.lock
  $ monolock pull 2>&1 | grep carried
  carried patches/beta.patch to the new version of duniverse/beta
  $ cat duniverse/beta/VERSION duniverse/beta/src/beta.ml
  2.0
  let greet who = Alpha.greeting ^ " and " ^ who
  
  
  
  let v = 2
  $ monolock diff
