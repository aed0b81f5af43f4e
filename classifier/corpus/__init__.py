"""The labelled corpus: generated splits (see `generate.py`) and hand-written examples."""
