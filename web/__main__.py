"""`python -m web`: the `clusnet` command (the queue worker `clusnet serve` starts runs so)."""

from web.cli import main

main(prog_name="clusnet")
