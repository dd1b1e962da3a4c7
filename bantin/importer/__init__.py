"""``bantin import``: old articles become draft bulletins a person checks.

The stages, one module each:

* read — :mod:`.textfile` (text copied from a portal page), :mod:`.html` (a saved web page and
  its ``_files/`` folder), :mod:`.wxr` (a WordPress export) turn a source into
  :class:`~.model.RawArticle` values; every byte is decoded by :mod:`.encoding`, which also
  repairs the pre-Unicode Vietnamese encodings (TCVN3, VNI, Windows-1258);
* guess — :mod:`.portaldates` reads the portals' date stamps and the lead's event day;
  :mod:`.guess` finds the byline, event types and the sentences to copy into the bloc file;
  :mod:`.match` names the bloc, member units and campaigns the text mentions;
* write — :mod:`.draft` puts it together as a :class:`~.model.Draft`; :mod:`.write` writes the
  draft bulletin (never over an existing file) with a comment saying what was guessed;
  :mod:`.report` prints and saves what happened to each source.
"""
