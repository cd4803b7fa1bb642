The copy of a pinned directory never reads through a link: links that stay inside it are
copied as links, and a link that leaves it (absolute, or through `..`, or through another
link) is refused with nothing changed.

  $ cp -R "$ML_ROOT/fixtures/lock/repo" "$ML_ROOT/fixtures/lock/pin" .
  $ echo secret > secret.txt
  $ cd pin && monolock lock -q --repo ../repo
  $ a=vendor/a && mkdir $a/sub && echo 'let v = 1' > $a/sub/v.ml
  $ ln -s sub/v.ml $a/inside && ln -s nowhere $a/dangling && ln -s . $a/sub/self
  $ monolock pull -q a
  $ find duniverse/a -type l | sort | while read l; do echo "$l -> $(readlink $l)"; done
  duniverse/a/dangling -> nowhere
  duniverse/a/inside -> sub/v.ml
  duniverse/a/sub/self -> .

An absolute link to a file outside:

  $ ln -s "$(cd .. && pwd)/secret.txt" $a/abs
  $ monolock pull -q a
  monolock: a: './vendor/a/abs' links to '/*/secret.txt', outside './vendor/a' (glob)
  [1]
  $ rm $a/abs

A link that reads as inside but leaves through another link (`sub/up -> ..` is the pinned
directory itself, fine on its own; `escape -> sub/up/..` is its parent):

  $ ln -s .. $a/sub/up && ln -s sub/up/.. $a/escape
  $ monolock pull -q a
  monolock: a: './vendor/a/escape' links to 'sub/up/..', outside './vendor/a' (glob)
  [1]
  $ find duniverse -name '*secret*' -o -name escape
  $ rm $a/escape $a/sub/up
  $ monolock pull -q a
