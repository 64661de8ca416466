"""The one path from a file to a result.

Score one file, stream a batch, validate many files.
"""

freeze_imported_libraries = False
"""Whether the libraries that score a sheet are imported with the cycle collector paused, and
every object then alive frozen out of its walks (`gc.freeze`, see
score_file._import_frozen).

The `cco` command sets it (cco.cli.main.run): its process ends with its command, so pandas'
modules live as long as it does, and every later collection would walk their hundreds of
thousands of objects (60-90 ms each time, more than scoring a small sheet). A notebook or any
other process that goes on after scoring is left as it is.
"""
